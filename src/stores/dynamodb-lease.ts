// The lease that lets one process of a fleet call STS for a key while the others wait for its
// entry. The lease is two attributes of the key's item (leaseUntil, epoch ms; leaseOwner, a
// random id), set by an UpdateItem whose condition holds only when no live lease and no fresh
// entry exist — DynamoDB evaluates the condition and the write as one atomic step
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html;
// "Individual write operations such as UpdateItem are atomic", BestPractices_ImplementingVersionControl.html).
// moto 5's server is not (it checks and writes without a lock): see test/interop/dynamodb-store.test.ts.
// Nothing releases the lease of a process that dies: it runs out at leaseUntil, and the next
// process takes it over. Waiting is bounded by leaseMs from the start; past that, the waiter
// calls STS itself.
import { setTimeout as sleep } from "node:timers/promises";
import type { CredentialStoreEntry } from "../credentials/store.js";

/** What one consistent read of the key's item tells the lease loop. */
export interface LeaseView {
  /** The entry, opened, when it expires after `freshUntil`. */
  entry?: CredentialStoreEntry;
  /** Epoch ms until which another process holds the lease, when one does. */
  leaseUntil?: number;
}

/** The store's side of the loop; `read` and `take` reject when the store cannot be reached. */
export interface LeaseSteps {
  read(): Promise<LeaseView>;
  /** Takes the lease until `until` (epoch ms); false when another process holds it or an entry is fresh. */
  take(until: number): Promise<boolean>;
  release(): Promise<void>;
  /** Called once, when the wait ran out (a holder slower than leaseMs). */
  onWaitedOut(): void;
  /** Called when the store failed; the session then calls STS itself. */
  onUnreachable(error: unknown): void;
}

/** The outcome: an entry another process stored, the lease, or neither (call STS anyway). */
export type LeaseOutcome = { entry: CredentialStoreEntry } | { held: true } | { held: false };

const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 500;

/** Runs the loop: read, take if free, else wait with backoff; never longer than `leaseMs`. */
export async function acquireLease(steps: LeaseSteps, leaseMs: number, now: () => number = Date.now): Promise<LeaseOutcome> {
  const deadline = now() + leaseMs;
  let delay = FIRST_DELAY_MS;
  try {
    for (;;) {
      const view = await steps.read();
      if (view.entry) return { entry: view.entry };
      const at = now();
      const until = view.leaseUntil ?? 0;
      const free = until <= at;
      // Lost the race (another process took it, or stored a fresh entry, since the read): wait
      // like any other waiter, so even a store that always refuses cannot spin.
      if (free && (await steps.take(at + leaseMs))) return { held: true };
      const left = deadline - at;
      if (left <= 0) {
        steps.onWaitedOut();
        return { held: false };
      }
      // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), never past the
      // deadline, and never much past the moment the holder's lease runs out.
      const wait = Math.min(Math.max(1, Math.floor(Math.random() * delay)), left, free ? delay : Math.max(1, until - at + 5));
      await sleep(wait, undefined, { ref: true });
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  } catch (error) {
    steps.onUnreachable(error);
    return { held: false };
  }
}
