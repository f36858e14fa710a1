// Colour only for a person looking at a terminal: never in pipes or files, never with NO_COLOR.

/** A stream as far as the CLI cares: something to write to that may be a TTY. */
export interface OutStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** Styling functions; identity functions when colour is off. */
export interface Palette {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** True when `stream` is a TTY and `NO_COLOR` is unset or empty (https://no-color.org). */
export function useColor(stream: OutStream, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === "");
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** A palette for a stream. */
export function palette(enabled: boolean): Palette {
  if (!enabled) return { enabled, red: plain, green: plain, yellow: plain, dim: plain, bold: plain };
  return { enabled, red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
