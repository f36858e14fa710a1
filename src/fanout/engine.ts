// Drives a run: finds the accounts, opens (account, role) units in target order — at most
// `concurrency` at once, so child sessions and queued work grow with concurrency, not with
// the number of targets — and waits for every record.
import pLimit from "p-limit";
import { RunControl } from "./abort.js";
import type { RecordOutput, RunContext } from "./context.js";
import { failAt } from "./context.js";
import { listOrganizationAccounts } from "./discovery.js";
import { DEFAULT_DISCOVERY_CALL_MS, withDeadline } from "./discovery-calls.js";
import { Gate, KeyedLimits } from "./limits.js";
import type { FanOutPlan } from "./options.js";
import { Progress } from "./progress.js";
import { inShard, selectOrganizationAccounts, unitsForAccount } from "./targets.js";
import type { FanOutTask } from "./types.js";
import { runUnit, toRecord } from "./unit.js";

/** Runs the plan, writing every record to `output`. Never rejects for a target's failure. */
export async function execute<T>(plan: FanOutPlan, task: FanOutTask<T>, output: RecordOutput<T>, stop?: AbortSignal): Promise<void> {
  const progress = new Progress(plan.onProgress);
  const ctx: RunContext<T> = {
    plan,
    task,
    control: new RunControl([plan.signal, stop]),
    global: pLimit(plan.concurrency),
    accountLimits: new KeyedLimits(plan.perAccountConcurrency),
    regionLimits: new KeyedLimits(plan.perRegionConcurrency),
    enabledRegions: new Map(),
    progress,
    out: {
      size(unit, count) {
        output.size(unit, count);
      },
      put(record, unit, position) {
        progress.record(record.ok);
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
    const accounts = (await accountsOf(ctx, () => nextUnit++)).filter((id) => inShard(id, plan.shard));
    // The total is known up front except for "enabled" regions, where a unit counts as one
    // target until its regions are listed.
    const perUnit = plan.regions.kind === "list" ? plan.regions.regions.length : 1;
    for (const id of accounts) progress.grow(unitsForAccount(plan, id).length * perUnit);
    for (const accountId of accounts) {
      const units = unitsForAccount(plan, accountId);
      let open = units.length;
      for (const unit of units) {
        await gate.acquire();
        const index = nextUnit++;
        const done: Promise<void> = runUnit(ctx, unit, index)
          .catch((error: unknown) => void bugs.push(error))
          .finally(() => {
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
 * The run's accounts in target order. A failed discovery writes one record (unit `allocate()`).
 * Each discovery request has the run's `timeoutMs` (or 30 s) as its deadline.
 */
async function accountsOf<T>(ctx: RunContext<T>, allocate: () => number): Promise<readonly string[]> {
  const { plan } = ctx;
  const accounts = plan.accounts;
  if (accounts.kind === "list") return accounts.ids;
  const timeoutMs = plan.timeoutMs ?? DEFAULT_DISCOVERY_CALL_MS;
  const found = await discover(ctx, allocate, async (signal): Promise<readonly string[]> => {
    const self = async (): Promise<string> => (await withDeadline("STS GetCallerIdentity", timeoutMs, signal, () => plan.session.identity())).accountId;
    if (accounts.kind === "self") return [await self()];
    // Every state is listed once, so onDiscovered can say what the ACTIVE filter left out.
    const listed = await listOrganizationAccounts(plan.session, { ...(accounts.ous && { ous: accounts.ous }), status: "ALL", timeoutMs, signal });
    plan.onDiscovered?.(listed);
    const active = listed.filter((a) => a.status === "ACTIVE").map((a) => a.accountId);
    return selectOrganizationAccounts(active, accounts.exclude, accounts.includeSelf ? undefined : await self());
  });
  return found ?? [];
}

/** Runs account discovery in one global slot; on failure writes its record and returns undefined. */
async function discover<T>(ctx: RunContext<T>, allocate: () => number, work: (signal: AbortSignal) => Promise<readonly string[]>): Promise<readonly string[] | undefined> {
  const outcome = await ctx.global(() => ctx.control.guard(undefined, (signal) => work(signal).catch(failAt("discover"))));
  if (outcome.ok) return outcome.value;
  const index = allocate();
  ctx.progress.grow(1);
  ctx.out.size(index, 1);
  await ctx.out.put(toRecord(ctx, { accountId: "", region: "", roleArn: undefined }, outcome), index, 0);
  return undefined;
}
