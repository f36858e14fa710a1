// Usage errors in the words the user typed: "--concurrency -1: must be a positive integer",
// "--regions us-moon-1: expected an AWS region name ...", "--role is required with --accounts".
// The library's errors name options by their API names and quote values as JSON; the CLI
// prints the flag and the value as typed, with no doubled punctuation.
import { FleetError } from "../../errors.js";

/** An ERR_INVALID_INPUT for a flag: `--flag value: problem`. */
export function flagError(flag: string, typed: string, problem: string): FleetError {
  return new FleetError("ERR_INVALID_INPUT", `${flag} ${asTyped(typed)}: ${problem}`, { option: flag });
}

/**
 * The message of a usage error as the CLI prints it: `Invalid --x: "v"; expected E.` becomes
 * `--x v: expected E`; anything else only loses a doubled final punctuation mark.
 */
export function inFlagWords(error: FleetError): string {
  const option = error.option;
  const prefix = option === undefined ? undefined : `Invalid ${option}: `;
  let message = error.message;
  if (prefix !== undefined && /^(?:--|<)/.test(option ?? "") && message.startsWith(prefix)) {
    const rest = message.slice(prefix.length);
    const cut = rest.indexOf("; expected ");
    if (cut > 0) message = `${option} ${unquote(rest.slice(0, cut))}: ${rest.slice(cut + 2)}`;
  }
  return tidy(message);
}

/** "…?)." → "…?)", "…?." → "…?", "…" without a final full stop. */
export function tidy(message: string): string {
  return message.replace(/([?!])\)?\.$/, (m) => m.slice(0, -1)).replace(/([^.])\.$/, "$1");
}

function unquote(value: string): string {
  if (!value.startsWith("\"")) return value;
  try {
    return asTyped(JSON.parse(value) as string);
  } catch {
    return value;
  }
}

/** The value as typed; quoted when it has spaces (or is empty), so it reads as one word. */
function asTyped(value: string): string {
  return value === "" || /\s/.test(value) ? JSON.stringify(value) : value;
}

/** `--concurrency -1` parses as two flags; give option values that are negative numbers to their flag. */
export function joinNegativeValues(args: readonly string[], takesValue: (flag: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith("--") && !arg.includes("=") && next !== undefined && /^-\d/.test(next) && takesValue(arg.slice(2))) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
