// fanOut({ workers }): the accounts of a run, chosen once in the main thread, and their split
// across worker threads with the shard hash (an account and all its targets in one worker).
import { RunControl } from "../abort.js";
import type { AccountTarget } from "../accounts/plan.js";
import { failAt, StageFailure, type RunContext } from "../context.js";
import { DEFAULT_DISCOVERY_CALL_MS } from "../discovery/calls.js";
import type { FanOutPlan } from "../options.js";
import type { Progress } from "../progress.js";
import { chooseAccounts, chooseFromList } from "../accounts/selection.js";
import { inShard, shardOf, unitsForAccount } from "../targets.js";
import type { FanOutRecord } from "../types.js";
import { toRecord } from "../unit.js";

/**
 * The run's accounts in target order (chosen once, here), and the records of a failed discovery
 * or failed tag lookups, as the one-thread engine makes them.
 */
export async function accountsOf(plan: FanOutPlan, progress: Progress): Promise<{ targets: readonly AccountTarget[]; failures: FanOutRecord<unknown>[] }> {
  const accounts = plan.accounts;
  if (accounts.kind === "self") throw new Error("fan-out defect: no accounts to split");
  const ctx = { plan } as RunContext<unknown>;
  const failure = (place: Parameters<typeof toRecord>[1], outcome: Parameters<typeof toRecord>[2]): FanOutRecord<unknown> => {
    progress.grow(1);
    const record = toRecord(ctx, place, outcome);
    progress.record(false);
    return record;
  };
  let found;
  if (accounts.kind === "list") found = chooseFromList(accounts);
  else {
    const control = new RunControl([plan.signal]);
    try {
      const timeoutMs = plan.timeoutMs ?? DEFAULT_DISCOVERY_CALL_MS;
      const outcome = await control.guard(undefined, (signal) => chooseAccounts(plan.session, accounts, { concurrency: plan.concurrency, signal, timeoutMs }).catch(failAt("discover")));
      if (!outcome.ok) return { targets: [], failures: [failure({ accountId: "", region: "", roleArn: undefined }, outcome)] };
      found = outcome.value;
    } finally {
      control.dispose();
    }
  }
  const failures = found.selection.failed.map(({ accountId, name, error }) =>
    failure({ accountId, accountName: name, region: "", roleArn: undefined }, { ok: false, error: new StageFailure("discover", error), aborted: undefined, started: true, ms: 0 }));
  plan.onAccounts?.(found.selection);
  return { targets: found.targets, failures };
}

/** One worker's accounts and the global numbers of its units, in its own (target) order. */
export interface Share {
  accounts: AccountTarget[];
  units: number[];
  /** Global numbers of this worker's units counted as one target until their regions are listed. */
  pending: Set<number>;
}

/** Splits the (shard's) accounts over `workers` with the shard hash; grows the progress total. */
export function split(plan: FanOutPlan, accounts: readonly AccountTarget[], workers: number, progress: Progress, firstUnit: number): Share[] {
  const count = plan.shard?.count ?? 1;
  const shares: Share[] = Array.from({ length: workers }, () => ({ accounts: [], units: [], pending: new Set<number>() }));
  let next = firstUnit;
  for (const account of accounts) {
    if (!inShard(account.accountId, plan.shard)) continue;
    // Within shard i of `count`, hash % (count × workers) is i, i + count, …: one worker each.
    const share = shares[Math.floor(shardOf(account.accountId, count * workers) / count)]!;
    share.accounts.push(account);
    for (const unit of unitsForAccount(plan, account)) {
      // As on one thread: an "enabled" unit counts as one target until its regions are listed.
      if (unit.regions === undefined && plan.regions.kind === "enabled") share.pending.add(next);
      share.units.push(next++);
      progress.grow(unit.regions?.length ?? (plan.regions.kind === "list" ? plan.regions.regions.length : 1));
    }
  }
  return shares.filter((share) => share.accounts.length > 0);
}
