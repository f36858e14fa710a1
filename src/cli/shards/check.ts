// What `merge` checks before it believes a shard file: a manifest whose numbers are in bounds,
// whose run id matches its own plan, whose digest and count match the records before it; records
// of the documented shape, of that plan's targets and that shard's accounts; every shard of the
// run exactly once, all with one run id, every target once. A shard file may have been edited by
// anyone: each problem is named, and nothing is merged.
import { inShard } from "../../fanout/targets.js";
import { countOf } from "../output/plural.js";
import type { OutputRecord } from "../output/records.js";
import { digestOf, MAX_RECORDS, MAX_SHARDS, runIdOf, type ShardManifest } from "./manifest.js";

/** One file as read: its manifest (if it had one), its records and their exact lines. */
export interface ShardFile {
  file: string;
  manifest: ShardManifest | undefined;
  records: OutputRecord[];
  lines: string[];
}

const ACCOUNT_ID = /^\d{12}$/;
const isInt = (n: unknown, min: number, max: number): n is number => typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

/** The problems of one manifest on its own; none means its fields can be trusted as typed. */
export function manifestProblems(s: ShardFile): string[] {
  const m = s.manifest as unknown as Record<string, unknown> | undefined;
  if (m === undefined) return [`${s.file} has no shard manifest line: the run did not finish, or ran without --shard ... --format ndjson`];
  const shard = m.shard as Record<string, unknown>;
  if (!isInt(shard.count, 1, MAX_SHARDS)) return [`${s.file}: the manifest's shard count must be a whole number from 1 to ${MAX_SHARDS}`];
  if (!isInt(shard.index, 0, shard.count - 1)) return [`${s.file}: the manifest's shard index must be a whole number from 0 to ${shard.count - 1}`];
  if (!isInt(m.records, 0, MAX_RECORDS)) return [`${s.file}: the manifest's record count must be a whole number up to ${MAX_RECORDS}`];
  if (typeof m.command !== "string" || typeof m.runId !== "string" || typeof m.digest !== "string" || !Array.isArray(m.leftOut) || !Array.isArray(m.causes)) {
    return [`${s.file}: the manifest lacks its command, runId, digest, leftOut or causes (written by another version of sessionfleet?)`];
  }
  const problems: string[] = [];
  if (runIdOf(m.command, shard.count, m.accounts, m.roles, m.regions, m.selection) !== m.runId) {
    problems.push(`${s.file}: the manifest does not match its own run id (its shard count, command or selection was edited)`);
  }
  if (s.records.length !== m.records) problems.push(`${s.file} holds ${countOf(s.records.length, "record")} but its shard wrote ${m.records}: truncated?`);
  else if (digestOf(s.lines) !== m.digest) problems.push(`${s.file}: its records are not the ones its shard wrote (digest mismatch): edited?`);
  return problems;
}

/** Problems across the files (each manifest already passed {@link manifestProblems}). */
export function runProblems(shards: readonly ShardFile[]): string[] {
  const problems: string[] = [];
  const first = shards[0]!.manifest!;
  const { count } = first.shard;
  for (const s of shards) {
    if (s.manifest!.runId !== first.runId) problems.push(`${s.file} is from another run (command, shard count or targets differ from ${shards[0]!.file})`);
  }
  if (problems.length > 0) return problems;
  const byIndex = new Map<number, string[]>();
  for (const s of shards) byIndex.set(s.manifest!.shard.index, [...(byIndex.get(s.manifest!.shard.index) ?? []), s.file]);
  // Bounded: count ≤ MAX_SHARDS, and only the first few missing ones are named.
  const missing: number[] = [];
  for (let index = 0; index < count; index++) if (!byIndex.has(index)) missing.push(index + 1);
  for (const index of missing.slice(0, 10)) problems.push(`shard ${index}/${count} is missing`);
  if (missing.length > 10) problems.push(`and ${missing.length - 10} more shards of ${count} are missing`);
  for (const [index, files] of byIndex) if (files.length > 1) problems.push(`shard ${index + 1}/${count} appears ${files.length} times: ${files.join(", ")}`);
  const seen = new Map<string, string>();
  for (const s of shards) {
    const m = s.manifest!;
    for (const r of s.records) {
      const shape = recordProblem(r, m);
      if (shape !== undefined) {
        problems.push(`${s.file}: a record ${shape}`);
        continue;
      }
      const key = `${r.accountId} ${r.roleArn ?? "-"} ${r.region || "-"}`;
      const other = seen.get(key);
      if (other !== undefined) problems.push(`target ${key} is in both ${other} and ${s.file}`);
      seen.set(key, s.file);
      if (r.accountId !== "" && !inShard(r.accountId, m.shard)) problems.push(`${s.file} (shard ${m.shard.index + 1}/${count}) holds account ${r.accountId}, which belongs to another shard`);
    }
  }
  return problems;
}

/** Why `r` is not a record of the run `m` describes, or undefined. */
function recordProblem(r: OutputRecord, m: ShardManifest): string | undefined {
  if (typeof r.accountId !== "string" || (r.accountId !== "" && !ACCOUNT_ID.test(r.accountId))) return "has no 12-digit accountId";
  if (typeof r.region !== "string" || typeof r.ok !== "boolean") return `of account ${r.accountId} lacks its region or ok`;
  if (Array.isArray(m.accounts) && r.accountId !== "" && !m.accounts.includes(r.accountId)) return `names account ${r.accountId}, which the run did not target`;
  if (Array.isArray(m.regions) && r.region !== "" && !m.regions.includes(r.region)) return `names region ${r.region}, which the run did not target`;
  if (!r.ok && (typeof r.error !== "object" || r.error === null || typeof r.error.code !== "string")) return `of account ${r.accountId} failed without an error code`;
  return undefined;
}
