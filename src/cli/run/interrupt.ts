// Ctrl-C during a fan-out command. The first press stops new targets from starting and lets the
// running ones finish; the second aborts those too. Neither kills the process: the run ends with
// every record it has, which the command prints in the chosen format, and exit code 130.
import type { FanOutTask } from "../../index.js";
import type { CliIo } from "../io.js";
import type { ProgressSink } from "../output/progress.js";

/** The interrupt state of one command run. */
export interface Interrupts {
  /** Aborted by the first Ctrl-C (fan-out `drainSignal`). */
  readonly drain: AbortSignal;
  /** Aborted by the second Ctrl-C (fan-out `signal`). */
  readonly stop: AbortSignal;
  readonly interrupted: boolean;
  /** `task`, counting how many run at once (for the first press's message). */
  count<T>(task: FanOutTask<T>): FanOutTask<T>;
  dispose(): void;
}

/**
 * Handles SIGINT until `dispose()`; the progress bar is cleared at the first press. `counted`:
 * the tasks run through {@link Interrupts.count} on this thread; on worker threads they do not,
 * and the messages say "the running targets" rather than a count of 0.
 */
export function watchInterrupts(io: CliIo, progress: ProgressSink, counted = true): Interrupts {
  const drain = new AbortController();
  const stop = new AbortController();
  let running = 0;
  let presses = 0;
  const targets = (n: number): string => (counted ? `${n} running target${n === 1 ? "" : "s"}` : "the running targets");
  const onSigint = (): void => {
    presses++;
    if (presses === 1) {
      progress.stop();
      io.stderr.write(`interrupted: finishing ${targets(running)} (Ctrl-C again to stop now)\n`);
      drain.abort();
    } else if (presses === 2) {
      io.stderr.write(`stopping now: cancelling ${targets(running)}\n`);
      stop.abort();
    }
    // Later presses: the run is already ending and will print what it has.
  };
  process.on("SIGINT", onSigint);
  return {
    drain: drain.signal,
    stop: stop.signal,
    get interrupted() {
      return presses > 0;
    },
    count: (task) => async (context) => {
      running++;
      try {
        return await task(context);
      } finally {
        running--;
      }
    },
    dispose: () => void process.off("SIGINT", onSigint),
  };
}
