// What every command gets: the streams and environment it may use, and the exit codes it returns.
import type { OutStream } from "./color.js";

/** Where the CLI reads and writes; the process's by default, fakes in tests. */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
}

/** Exit codes: all targets ok, some failed, bad usage or input (nothing sent), interrupted. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;
