// Concurrency limits beyond the global one: per key (account, region) p-limits made on first
// use and dropped when idle, and a counting gate for how many (account, role) units are open.
import pLimit, { type LimitFunction } from "p-limit";

/** p-limit per key, created lazily and dropped when no work of that key is queued or running. */
export class KeyedLimits {
  readonly #limits = new Map<string, { limit: LimitFunction; users: number }>();
  readonly #concurrency: number | undefined;

  constructor(concurrency: number | undefined) {
    this.#concurrency = concurrency;
  }

  /** Number of live limiters (for tests: returns to 0 after a run). */
  get size(): number {
    return this.#limits.size;
  }

  run<R>(key: string, fn: () => Promise<R>): Promise<R> {
    if (this.#concurrency === undefined) return fn();
    let entry = this.#limits.get(key);
    if (!entry) {
      entry = { limit: pLimit(this.#concurrency), users: 0 };
      this.#limits.set(key, entry);
    }
    const current = entry;
    current.users++;
    return current.limit(fn).finally(() => {
      if (--current.users === 0 && this.#limits.get(key) === current) this.#limits.delete(key);
    });
  }
}

/** A counting semaphore: `acquire` waits while `size` holders are inside. */
export class Gate {
  readonly #size: number;
  #inside = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#size = size;
  }

  async acquire(): Promise<void> {
    if (this.#inside < this.#size) {
      this.#inside++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inside--;
  }
}
