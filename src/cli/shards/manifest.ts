// The last line of a sharded ndjson run: which shard of how many, what the run targeted, how many
// records came before it and their digest, so `merge` can tell a finished shard from a missing,
// repeated, truncated, edited or foreign one, and put the records back in target order. It also
// carries what the unsharded run would print besides the records (the left-out accounts, the AWS
// words of each failure), so `merge` prints exactly what one unsharded run prints.
import { createHash } from "node:crypto";
import type { LeftOutAccount } from "../../index.js";
import type { TargetArgs } from "../args/command-types.js";
import type { Shard } from "./env.js";

/** Bounds a manifest's numbers must keep (a manifest is a file anyone may have edited). */
export const MAX_SHARDS = 10_000;
export const MAX_RECORDS = 10_000_000;

/** The manifest line's content. */
export interface ShardManifest {
  shard: Shard;
  /**
   * The run these shards belong to: a digest of the command, the shard count and the selection
   * (accounts, OUs, selection flags, roles, regions). Every job of one run computes the same id;
   * a manifest edited to another shard count or selection no longer matches its own id.
   */
  runId: string;
  /** The command that wrote it (merge totals option groups by their count, the others by answer). */
  command: string;
  /** The account list as given, or "organization" / "self": accounts are then in id order. */
  accounts: readonly string[] | "organization" | "sso" | "self";
  roles: readonly string[];
  regions: readonly string[] | "enabled" | "all" | "default";
  /** The OUs and selection flags (--tag, --name, --exclude, --include-self, --accounts-file). */
  selection: Record<string, unknown>;
  /** Records written before this line. */
  records: number;
  /** `sha256:<hex>` of the record lines before this one, exactly as written (each with its "\n"). */
  digest: string;
  /** Accounts the run's selection left out, and why (the same in every shard). */
  leftOut: readonly LeftOutAccount[];
  /** The innermost message (AWS's words) of each failed record: `[position, message]`. */
  causes: ReadonlyArray<readonly [number, string]>;
}

/** The manifest of a sharded run that wrote `lines` (each ending in "\n"). */
export function shardManifest(command: string, shard: Shard, targets: TargetArgs, lines: readonly string[], leftOut: readonly LeftOutAccount[], causes: ReadonlyArray<readonly [number, string]>): ShardManifest {
  const plan = {
    command,
    accounts: targets.accounts === undefined ? "self" as const : targets.accounts,
    roles: targets.roles ?? [],
    regions: targets.regions ?? "default" as const,
  };
  const selection: Record<string, unknown> = { ous: targets.ous ?? [], ...(targets.selection ?? {}) };
  return {
    shard, runId: runIdOf(plan.command, shard.count, plan.accounts, plan.roles, plan.regions, selection), ...plan, selection,
    records: lines.length, digest: digestOf(lines), leftOut, causes,
  };
}

/** The run id of a manifest's own plan (what it must carry, unless edited). */
export function runIdOf(command: string, count: number, accounts: unknown, roles: unknown, regions: unknown, selection: unknown): string {
  return createHash("sha256").update(JSON.stringify(["sessionfleet-shard-run/1", command, count, accounts, roles, regions, selection ?? null])).digest("hex");
}

/** `sha256:<hex>` of the record lines. */
export function digestOf(lines: readonly string[]): string {
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line);
  return `sha256:${hash.digest("hex")}`;
}

/** True for a manifest line (records have an accountId; the manifest has a shard). */
export function isManifest(line: Record<string, unknown>): boolean {
  return !("accountId" in line) && typeof line.shard === "object" && line.shard !== null;
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
