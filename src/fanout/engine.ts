// Drives a run: finds the accounts, opens (account, role) units in target order — at most
// `concurrency` at once, so child sessions and queued work grow with concurrency, not with
// the number of targets — and waits for every record.
import pLimit from "p-limit";
import { RunControl } from "./abort.js";
import type { RecordOutput, RunContext } from "./context.js";
import { failAt, StageFailure } from "./context.js";
import type { Guarded } from "./abort.js";
import type { AccountTarget } from "./accounts/plan.js";
import { DEFAULT_DISCOVERY_CALL_MS } from "./discovery/calls.js";
import type { RecordPlace } from "./report.js";
import { Gate, KeyedLimits } from "./limits.js";
import { Lookahead } from "./lookahead.js";
import type { FanOutPlan } from "./options.js";
import { Progress } from "./progress.js";
import { inShard, unitsForAccount, type Unit } from "./targets.js";
import type { FanOutTask } from "./types.js";
import { runUnit, toRecord } from "./unit.js";

/** Runs the plan, writing every record to `output`. Never rejects for a target's failure. */
export async function execute<T>(plan: FanOutPlan, task: FanOutTask<T>, output: RecordOutput<T>, stop?: AbortSignal): Promise<void> {
  const progress = new Progress(plan.onProgress);
  const lookahead = new Lookahead(plan.concurrency);
  // Records each unit still owes, so a unit that ends without them (a defect) frees its lookahead.
  const owed = new Map<number, number>();
  const ctx: RunContext<T> = {
    plan,
    task,
    control: new RunControl([plan.signal, stop]),
    global: pLimit(plan.concurrency),
    accountLimits: new KeyedLimits(plan.perAccountConcurrency),
    regionLimits: new KeyedLimits(plan.perRegionConcurrency),
    enabledRegions: new Map(),
    progress,
    lookahead,
    out: {
      size(unit, count) {
        owed.set(unit, count);
        lookahead.opened(count);
        output.size(unit, count);
      },
      put(record, unit, position) {
        progress.record(record.ok);
        owed.set(unit, (owed.get(unit) ?? 1) - 1);
        lookahead.finished();
        return output.put(record, unit, position);
      },
    },
  };
  ctx.control.drainOn(plan.drainSignal);
  const gate = new Gate(plan.concurrency);
  const running = new Set<Promise<void>>();
  const bugs: unknown[] = [];
  let nextUnit = 0;
  try {
    const accounts = (await accountsOf(ctx, () => nextUnit++)).filter((a) => inShard(a.accountId, plan.shard));
    // The total is known up front except for "enabled" regions, where a unit counts as one
    // target until its regions are listed.
    const perUnit = (unit: Unit): number => unit.regions?.length ?? (plan.regions.kind === "list" ? plan.regions.regions.length : 1);
    for (const account of accounts) progress.grow(unitsForAccount(plan, account).reduce((n, unit) => n + perUnit(unit), 0));
    for (const account of accounts) {
      const { accountId } = account;
      const units = unitsForAccount(plan, account);
      let open = units.length;
      for (const unit of units) {
        await gate.acquire();
        await lookahead.room();
        const index = nextUnit++;
        const done: Promise<void> = runUnit(ctx, unit, index)
          .catch((error: unknown) => void bugs.push(error))
          .finally(() => {
            lookahead.finished(owed.get(index) ?? 0);
            owed.delete(index);
            gate.release();
            running.delete(done);
            if (--open === 0) ctx.enabledRegions.delete(accountId);
          });
        running.add(done);
      }
    }
    await Promise.all(running);
  } finally {
    ctx.control.dispose();
  }
  progress.finish();
  // Only a defect in sessionfleet lands here; failing loudly beats a report with a lost record.
  if (bugs.length > 0) throw bugs[0];
}

/**
 * The run's accounts in target order. A failed discovery or tag lookup writes a record (unit
 * `allocate()`). Each discovery request has the run's `timeoutMs` (or 30 s) as its deadline.
 */
async function accountsOf<T>(ctx: RunContext<T>, allocate: () => number): Promise<readonly AccountTarget[]> {
  const { plan } = ctx;
  const accounts = plan.accounts;
  const timeoutMs = plan.timeoutMs ?? DEFAULT_DISCOVERY_CALL_MS;
  // Loaded when a run starts, not when sessionfleet is imported (it brings the organization and
  // IAM Identity Center listings with it).
  const { chooseAccounts, chooseFromList } = await import("./accounts/selection.js");
  const found = accounts.kind === "list"
    ? chooseFromList(accounts)
    : await discover(ctx, allocate, (signal) => chooseAccounts(plan.session, accounts, { concurrency: plan.concurrency, signal, timeoutMs }));
  if (found === undefined) return [];
  // A failed tag lookup is that account's record, never a silent drop.
  for (const { accountId, name, error } of found.selection.failed) {
    const outcome = { ok: false, error: new StageFailure("discover", error), aborted: undefined, started: true, ms: 0 } as const;
    await recordDiscoverFailure(ctx, allocate(), { accountId, accountName: name, region: "", roleArn: undefined }, outcome);
  }
  plan.onAccounts?.(found.selection);
  return found.targets;
}

/** Runs account discovery in one global slot; on failure writes its record and returns undefined. */
async function discover<T, R>(ctx: RunContext<T>, allocate: () => number, work: (signal: AbortSignal) => Promise<R>): Promise<R | undefined> {
  const outcome = await ctx.global(() => ctx.control.guard(undefined, (signal) => work(signal).catch(failAt("discover"))));
  if (outcome.ok) return outcome.value;
  await recordDiscoverFailure(ctx, allocate(), { accountId: "", region: "", roleArn: undefined }, outcome);
  return undefined;
}

async function recordDiscoverFailure<T>(ctx: RunContext<T>, index: number, place: RecordPlace, outcome: Guarded<never>): Promise<void> {
  ctx.progress.grow(1);
  ctx.out.size(index, 1);
  await ctx.out.put(toRecord(ctx, place, outcome), index, 0);
}
