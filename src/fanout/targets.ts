// Expands a plan into (account, role) units and shards accounts. Targets stay implicit —
// a unit and its region list — so 10,000 accounts × 20 regions costs 10,000 small objects
// up front, not 200,000 closures.
import { roleArnFor } from "../validate.js";
import type { AccountTarget } from "./accounts/plan.js";
import type { FanOutPlan } from "./options.js";
import type { ShardOption } from "./types.js";

/** One (account, role) pair: its targets are its regions, in order. */
export interface Unit {
  accountId: string;
  /** Undefined when running as the caller's own identity. */
  roleArn: string | undefined;
  accountName?: string;
  /** The account's own regions (an accounts file), instead of the plan's. */
  regions?: readonly string[];
  /** The account's own external id, instead of the plan's. */
  externalId?: string;
  /** The permission set whose GetRoleCredentials gives this unit's credentials (accounts "sso"). */
  ssoRole?: string;
}

/**
 * The units of one account in role order: names apply to every account, ARNs to their own.
 * An account with its own roles (an accounts file, `includeSelf: { role }`) uses those; the
 * own account kept by `includeSelf: true` is one unit with the caller's credentials.
 */
export function unitsForAccount(plan: FanOutPlan, account: string | AccountTarget): Unit[] {
  const target = typeof account === "string" ? { accountId: account } : account;
  const { accountId } = target;
  const extra = {
    ...(target.name !== undefined && { accountName: target.name }),
    ...(target.regions !== undefined && { regions: target.regions }),
    ...(target.externalId !== undefined && { externalId: target.externalId }),
  };
  if (target.roles === "base" || (target.roles === undefined && plan.roles.length === 0)) return [{ accountId, roleArn: undefined, ...extra }];
  const own = target.roles !== undefined;
  const units: Unit[] = [];
  for (const role of target.roles ?? plan.roles) {
    if ("name" in role) units.push({ accountId, roleArn: roleArnFor(accountId, role.name, plan.partitionRegion), ...extra, ...(target.sso && { ssoRole: role.name }) });
    else if (own || role.accountId === accountId) units.push({ accountId, roleArn: role.arn, ...extra });
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
