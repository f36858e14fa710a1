// A bounded queue between a fan-out and its consumer: `push` waits while the queue is full,
// so a slow consumer slows the run instead of growing memory.
/** A bounded async queue with one consumer; see the file comment. */
export class Channel<T> {
  readonly #items: T[] = [];
  readonly #capacity: number;
  readonly #pushers: Array<() => void> = [];
  #pull: (() => void) | undefined;
  #closed = false;
  #error: { error: unknown } | undefined;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Adds an item; resolves once there is room. Items pushed after `close` are dropped. */
  async push(item: T): Promise<void> {
    if (this.#closed) return;
    this.#items.push(item);
    this.#wake();
    while (this.#items.length > this.#capacity && !this.#closed) {
      await new Promise<void>((resolve) => this.#pushers.push(resolve));
    }
  }

  /** Ends the stream after the queued items (or with `error`). Idempotent. */
  close(error?: { error: unknown }): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    this.#wake();
    for (const resume of this.#pushers.splice(0)) resume();
  }

  /** Drops queued items and releases waiting pushers (the consumer stopped). */
  abandon(): void {
    this.#items.length = 0;
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.#items.length > 0) {
        const item = this.#items.shift() as T;
        this.#pushers.shift()?.();
        yield item;
        continue;
      }
      if (this.#closed) {
        if (this.#error) throw this.#error.error;
        return;
      }
      await new Promise<void>((resolve) => (this.#pull = resolve));
    }
  }

  #wake(): void {
    const pull = this.#pull;
    this.#pull = undefined;
    pull?.();
  }
}
