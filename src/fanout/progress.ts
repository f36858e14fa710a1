// Progress counts, reported at most every 100 ms and once at the end.
import type { FanOutProgress } from "./types.js";

const INTERVAL_MS = 100;

/** Counts records and reports them to `onProgress`, throttled. */
export class Progress {
  readonly #onProgress: ((progress: FanOutProgress) => void) | undefined;
  #last = Number.NEGATIVE_INFINITY;
  total = 0;
  done = 0;
  succeeded = 0;
  failed = 0;

  constructor(onProgress: ((progress: FanOutProgress) => void) | undefined) {
    this.#onProgress = onProgress;
  }

  /** `count` more targets are known. */
  grow(count: number): void {
    this.total += count;
  }

  record(ok: boolean): void {
    this.done++;
    if (ok) this.succeeded++;
    else this.failed++;
    if (performance.now() - this.#last >= INTERVAL_MS) this.#emit();
  }

  /** The last report, always made. */
  finish(): void {
    this.#emit();
  }

  #emit(): void {
    if (!this.#onProgress) return;
    this.#last = performance.now();
    try {
      this.#onProgress({ done: this.done, total: this.total, succeeded: this.succeeded, failed: this.failed });
    } catch {
      // A failing progress callback (a closed terminal, say) must not lose the run's records.
    }
  }
}
