// Cancellation and deadlines. One listener on each caller signal (not one per target, which
// would trip Node's listener-leak warning at concurrency > 10); running work is tracked in a
// set and aborted from there.
import { FleetError } from "../errors.js";

/** How guarded work ended, and after how many ms. `started: false`: cancelled before it began. */
export type Guarded<T> =
  | { ok: true; value: T; ms: number }
  | { ok: false; error: unknown; aborted: "timeout" | "cancelled" | undefined; started: boolean; ms: number };

/** The run's cancellation state and the deadline/abort wrapper for each piece of work. */
export class RunControl {
  /** How to stop each piece of running work: abort its signal and end its wait at once. */
  readonly #running = new Set<(reason: unknown) => void>();
  readonly #cleanup: Array<() => void> = [];
  #cancelled = false;
  #draining = false;

  constructor(signals: ReadonlyArray<AbortSignal | undefined>) {
    for (const signal of signals) {
      if (signal === undefined) continue;
      if (signal.aborted) {
        this.cancel();
        continue;
      }
      const onAbort = (): void => this.cancel();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#cleanup.push(() => signal.removeEventListener("abort", onAbort));
    }
  }

  /** True once nothing new may start: cancelled, or draining. */
  get cancelled(): boolean {
    return this.#cancelled || this.#draining;
  }

  /** From when `signal` aborts, nothing new starts (it is recorded cancelled); running work goes on. */
  drainOn(signal: AbortSignal | undefined): void {
    if (signal === undefined) return;
    const drain = (): void => void (this.#draining = true);
    if (signal.aborted) return drain();
    signal.addEventListener("abort", drain, { once: true });
    this.#cleanup.push(() => signal.removeEventListener("abort", drain));
  }

  /** Marks the run cancelled and aborts everything running. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    const reason = new FleetError("ERR_CANCELLED", "The fan-out was cancelled.", { stage: "cancelled" });
    for (const stop of this.#running) stop(reason);
  }

  /** Removes the listeners on the caller's signals. */
  dispose(): void {
    for (const remove of this.#cleanup.splice(0)) remove();
  }

  /**
   * Runs `work` with a signal that aborts at `timeoutMs` or on cancellation. The result is
   * decided at that moment even if `work` ignores its signal: a stuck task cannot hold the run.
   * `spentMs` is time the same clock already ran (a target's wait for its credentials): it is
   * taken off the deadline and counted in `ms`; with none left, `work` does not start.
   */
  async guard<T>(timeoutMs: number | undefined, work: (signal: AbortSignal) => Promise<T>, spentMs = 0): Promise<Guarded<T>> {
    if (this.cancelled) return { ok: false, error: undefined, aborted: "cancelled", started: false, ms: 0 };
    if (timeoutMs !== undefined && spentMs >= timeoutMs) return { ok: false, error: timedOut(timeoutMs), aborted: "timeout", started: true, ms: spentMs };
    const started = performance.now() - spentMs;
    const controller = new AbortController();
    const signal = controller.signal;
    // Aborting goes through stop(), which also ends the wait below: no listener on the signal and
    // no Promise.race per target (issue 23: ~15 µs of each target's CPU).
    let settle!: { resolve: (value: T) => void; reject: (reason: unknown) => void };
    const ended = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    const stop = (reason: unknown): void => {
      controller.abort(reason);
      settle.reject(reason);
    };
    this.#running.add(stop);
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop(timedOut(timeoutMs)), timeoutMs - spentMs);
    try {
      work(signal).then(settle.resolve, settle.reject);
    } catch (error) {
      settle.reject(error);
    }
    try {
      return { ok: true, value: await ended, ms: elapsed(started) };
    } catch (error) {
      const kind = signal.aborted ? abortKind(signal.reason) : undefined;
      return { ok: false, error, aborted: kind, started: true, ms: elapsed(started) };
    } finally {
      clearTimeout(timer);
      this.#running.delete(stop);
    }
  }
}

function timedOut(timeoutMs: number): FleetError {
  return new FleetError("ERR_TIMEOUT", `Timed out after ${timeoutMs} ms.`, { stage: "timeout" });
}

function abortKind(reason: unknown): "timeout" | "cancelled" {
  return reason instanceof FleetError && reason.code === "ERR_TIMEOUT" ? "timeout" : "cancelled";
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
