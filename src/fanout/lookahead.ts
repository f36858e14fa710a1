// How far ahead of its running targets a run opens (account, role) units (issue 23). A unit's
// AssumeRole holds a slot of its own while the unit's targets wait outside any slot, so a run must
// assume roles ahead of need or its slots idle while STS answers. How far ahead is enough depends
// on how long an AssumeRole takes next to a task, so the run measures both as it goes.
//
// Opening every unit it may (`concurrency` of them) from the start, as runs did before, assumed 64
// roles in a burst at concurrency 64 and kept ~640 targets waiting. At zero latency (300 accounts
// × 10 regions) fixed caps of 4, 8, 16 and 64 open units measured 0.53–0.60, 0.52–0.60, 0.65–0.74
// and 0.75–0.84× hand-tuned SDK CPU per target (bench/cpu-per-target.mjs, docs/performance.md);
// on the standard workload (STS 60 ms, tasks 20 ms) 4 units made the run 12% slower. So the run
// keeps as few targets open as keep its slots busy, from what it measures.
//
// The rule: open the next unit while the targets of open units that have no record yet number
// fewer than `concurrency × (1 + 2 × max(0, r − 1))`, r being how much longer an AssumeRole takes
// than a task (moving averages of both; until a task has run, r = 1 unless AssumeRoles take over
// 100 ms, since the first AssumeRoles of a cold process are no guide while a hung STS is). An AssumeRole no slower than a task needs no ready targets beyond
// the running ones (they take as long); its excess is what ready targets must cover, twice for
// slack. An AssumeRole still on the wire after 100 ms and 4× the average counts with its age (10 ms
// standing for the task time until a task has run), so a hung STS soon opens every unit it may and
// its timeouts come in parallel, as before. r is capped at 16, and never more than `concurrency`
// units are open (the engine's Gate).
//
// Except while the process is CPU-bound (its event loop busy ≥ 90% of the last 50 ms window):
// then the limit is `concurrency`. Every measured time is then mostly the loop's own queue, not
// STS; the first AssumeRoles of a cold process, busy loading and compiling, looked overdue and
// opened up to 63 units (630 targets) at zero latency, and the rule settled at 10–16 units
// (pending targets median 98–133, p90 200–340, logged per unit opened). With the busy rule the
// same run keeps 63 pending, and its CPU per target went from 0.66–0.78× hand-tuned (median 0.71,
// 6 rounds) to 0.55–0.60× (median 0.59, 5 rounds; bench/cpu-per-target.mjs); the standard
// workload's wall time did not move (1502 vs 1464 ms before, 4 rounds). A hung STS leaves the
// loop idle, so it still widens the limit.

// Node's own, not the global: a test that fakes timers replaces the global `performance`.
import { performance as nodePerformance } from "node:perf_hooks";

const MAX_RATIO = 16;
/** Weight of the newest sample in the moving averages. */
const ALPHA = 0.2;
/** The task time assumed before any task has run. */
const FIRST_TASK_MS = 10;
/** An AssumeRole on the wire longer than this (or 4× the average) counts with its age. */
const OVERDUE_MS = 100;
/** While a unit waits and AssumeRoles are on the wire, how often their age is looked at again. */
const RECHECK_MS = 10;
/** Event-loop utilization at or above which the process counts as CPU-bound. */
const BUSY = 0.9;
/** Event-loop utilization is taken over windows at least this long. */
const BUSY_WINDOW_MS = 50;

export class Lookahead {
  #pending = 0;
  #assumeMs: number | undefined;
  #taskMs: number | undefined;
  readonly #onTheWire = new Set<{ since: number }>();
  readonly #waiting: Array<() => void> = [];
  #recheck: ReturnType<typeof setTimeout> | undefined;

  /** `utilization`: the event loop's recent utilization, 0 to 1 (tests pass their own). */
  constructor(
    private readonly concurrency: number,
    private readonly now: () => number = () => performance.now(),
    private readonly utilization: () => number = loopUtilization(now),
  ) {}

  /** Targets of open units without a record, at most, before the next unit may open. */
  get limit(): number {
    // CPU-bound: every wait, an AssumeRole's and a task's, is mostly the loop's own queue, and
    // targets ready beyond the running ones would only wait longer (and cost CPU: issue 23).
    if (this.utilization() >= BUSY) return this.concurrency;
    const taskMs = Math.max(this.#taskMs ?? FIRST_TASK_MS, 0.1);
    // Until a task has run, only AssumeRoles over 100 ms count (those of a cold process are no guide).
    const assumeMs = this.#assumeMs;
    let ratio = assumeMs === undefined ? 1 : this.#taskMs !== undefined || assumeMs > OVERDUE_MS ? assumeMs / taskMs : 1;
    const now = this.now();
    const overdue = Math.max(OVERDUE_MS, 4 * (this.#assumeMs ?? 0));
    for (const { since } of this.#onTheWire) if (now - since > overdue) ratio = Math.max(ratio, (now - since) / taskMs);
    // An AssumeRole no slower than a task needs no targets ready beyond the running ones: they
    // take as long. Its excess over a task's time is what ready targets must cover (twice, for slack).
    return Math.ceil(this.concurrency * (1 + 2 * Math.min(MAX_RATIO, Math.max(0, ratio - 1))));
  }

  /** Targets that have no record yet. */
  get pending(): number {
    return this.#pending;
  }

  /** A unit announced `count` targets. */
  opened(count: number): void {
    this.#pending += count;
  }

  /** `count` targets got their records (or their unit ended without them). */
  finished(count = 1): void {
    this.#pending -= count;
    this.#wake();
  }

  /** An AssumeRole goes on the wire; call the returned function when it has ended, however. */
  assuming(): () => void {
    const entry = { since: this.now() };
    this.#onTheWire.add(entry);
    return () => {
      this.#onTheWire.delete(entry);
      this.#assumeMs = average(this.#assumeMs, this.now() - entry.since);
      this.#wake();
    };
  }

  /** A task took `ms` inside its slots. */
  ran(ms: number): void {
    this.#taskMs = average(this.#taskMs, ms);
    this.#wake();
  }

  /** Resolves once another unit may open. */
  async room(): Promise<void> {
    while (this.#pending >= this.limit) {
      await new Promise<void>((resolve) => {
        this.#waiting.push(resolve);
        // An AssumeRole on the wire grows older without telling anyone: look again soon.
        if (this.#onTheWire.size > 0 && !this.#recheck) {
          this.#recheck = setTimeout(() => {
            this.#recheck = undefined;
            for (const wake of this.#waiting.splice(0)) wake();
          }, RECHECK_MS);
        }
      });
    }
  }

  #wake(): void {
    if (this.#waiting.length === 0 || this.#pending >= this.limit) return;
    if (this.#recheck) clearTimeout(this.#recheck);
    this.#recheck = undefined;
    for (const wake of this.#waiting.splice(0)) wake();
  }
}

function average(previous: number | undefined, sample: number): number {
  return previous === undefined ? sample : previous + ALPHA * (sample - previous);
}

/**
 * The event loop's utilization over the last window of at least {@link BUSY_WINDOW_MS}, read
 * from Node (`eventLoopUtilization` of `node:perf_hooks`: the share of time the loop was not
 * waiting for I/O); 0 until a window has passed.
 */
function loopUtilization(now: () => number): () => number {
  const { eventLoopUtilization } = nodePerformance;
  let mark = eventLoopUtilization();
  let markedAt = now();
  let last = 0;
  return () => {
    const at = now();
    if (at - markedAt >= BUSY_WINDOW_MS) {
      const current = eventLoopUtilization();
      // NaN only if the loop has not run at all between the two readings.
      last = eventLoopUtilization(current, mark).utilization || 0;
      mark = current;
      markedAt = at;
    }
    return last;
  };
}
