// What every command gets: the streams and environment it may use, and the exit codes it returns.
// A closed output pipe (`sessionfleet ... | head -1`) is handled here, once, at the stream, as the
// GitHub CLI's iostreams does: the run is cancelled and ends quietly instead of crashing on an
// unhandled EPIPE.
import type { OutStream } from "./output/color.js";

/** Where the CLI reads and writes; the process's by default, fakes in tests. */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  /** Aborted once the reader of stdout (or stderr) has gone: stop the run, print nothing more. */
  outputClosed?: AbortSignal;
}

/**
 * Exit codes: all targets ok, some failed, bad usage or input (nothing sent), interrupted, and
 * the output pipe closed (128 + SIGPIPE, what a shell reports for `git log | head -1`).
 */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130, PIPE_CLOSED: 141 } as const;

/** The process's streams, with a closed pipe turned into {@link CliIo.outputClosed}. */
export function processIo(): CliIo {
  const closed = new AbortController();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (!isClosedPipe(error)) {
        // Any other stream error is a real failure: crash as Node would without this listener.
        process.nextTick(() => {
          throw error;
        });
        return;
      }
      // The error can come after the command returned (a write is reported asynchronously).
      process.exitCode = EXIT.PIPE_CLOSED;
      closed.abort();
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, outputClosed: closed.signal };
}

/** EPIPE, and the writes that follow it on the destroyed stream. */
function isClosedPipe(error: NodeJS.ErrnoException): boolean {
  return error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED" || error.code === "ERR_STREAM_WRITE_AFTER_END";
}
