// The last line of a sharded ndjson run: which shard of how many, what the run targeted and how
// many records came before it, so `merge` can tell a finished shard from a missing, repeated,
// truncated or foreign one, and put the records back in target order.
import type { TargetArgs } from "./args.js";
import type { Shard } from "./shard-env.js";

/** The manifest line's content. */
export interface ShardManifest {
  shard: Shard;
  /** The command that wrote it (merge totals option groups by their count, the others by answer). */
  command: string;
  /** The account list as given, or "organization" / "self": accounts are then in id order. */
  accounts: readonly string[] | "organization" | "sso" | "self";
  roles: readonly string[];
  regions: readonly string[] | "enabled" | "all" | "default";
  /** Records written before this line. */
  records: number;
}

/** The manifest of a sharded run. */
export function shardManifest(command: string, shard: Shard, targets: TargetArgs, records: number): ShardManifest {
  return {
    shard, command,
    accounts: targets.accounts === undefined ? "self" : targets.accounts,
    roles: targets.roles ?? [],
    regions: targets.regions ?? "default",
    records,
  };
}

/** True for a manifest line (records have an accountId; the manifest has a shard). */
export function isManifest(line: Record<string, unknown>): boolean {
  return !("accountId" in line) && typeof line.shard === "object" && line.shard !== null;
}

/** What must be equal in every shard's manifest for the shards to be parts of one run. */
export function planOf(manifest: ShardManifest): string {
  return JSON.stringify([manifest.command, manifest.shard.count, manifest.accounts, manifest.roles, manifest.regions]);
}

/**
 * Orders accounts as one unsharded run would: the given list's order, or id order for the
 * organisation (as discovery sorts it); a record without an account (a failed discovery) first.
 */
export function accountRank(manifest: ShardManifest): (accountId: string) => number | string {
  if (Array.isArray(manifest.accounts)) {
    const order = new Map(manifest.accounts.map((id, i) => [id, i + 1]));
    return (id) => (id === "" ? 0 : order.get(id) ?? Number.MAX_SAFE_INTEGER);
  }
  return (id) => id;
}
