// Expands a plan into (account, role) units and shards accounts. Targets stay implicit —
// a unit and its region list — so 10,000 accounts × 20 regions costs 10,000 small objects
// up front, not 200,000 closures.
import { roleArnFor } from "../validate.js";
import type { FanOutPlan } from "./options.js";
import type { ShardOption } from "./types.js";

/** One (account, role) pair: its targets are its regions, in order. */
export interface Unit {
  accountId: string;
  /** Undefined when running as the caller's own identity. */
  roleArn: string | undefined;
}

/** The units of one account in role order: names apply to every account, ARNs to their own. */
export function unitsForAccount(plan: FanOutPlan, accountId: string): Unit[] {
  if (plan.roles.length === 0) return [{ accountId, roleArn: undefined }];
  const units: Unit[] = [];
  for (const role of plan.roles) {
    if ("name" in role) units.push({ accountId, roleArn: roleArnFor(accountId, role.name, plan.partitionRegion) });
    else if (role.accountId === accountId) units.push({ accountId, roleArn: role.arn });
  }
  return units;
}

/**
 * The shard (0 … count-1) of an account: FNV-1a of its id, so every worker agrees without
 * coordination and an account's targets all land in one shard (one AssumeRole per account).
 */
export function shardOf(accountId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) {
    hash ^= accountId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** True when the account belongs to this worker's shard (always, without a shard). */
export function inShard(accountId: string, shard: ShardOption | undefined): boolean {
  return shard === undefined || shardOf(accountId, shard.count) === shard.index;
}

/** Accounts of an organization listing that the plan keeps: minus `exclude`, minus self unless `includeSelf`. */
export function selectOrganizationAccounts(
  ids: readonly string[],
  exclude: ReadonlySet<string>,
  selfAccountId: string | undefined,
): string[] {
  return [...new Set(ids)].filter((id) => !exclude.has(id) && id !== selfAccountId).sort();
}
