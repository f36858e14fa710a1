// `sessionfleet merge FILE...`: the ndjson outputs of `--shard` runs → one report in target order.
// Every shard must be there exactly once, whole, and from the same run; every target exactly once.
// Anything else is named on stderr and the exit code is 1, with nothing on stdout: a partial merge
// must never pass for a whole one.
import { readFile } from "node:fs/promises";
import { invalidInput } from "../../errors.js";
import { inShard } from "../../fanout/targets.js";
import type { CliCommand } from "../args.js";
import { palette, useColor } from "../color.js";
import { EXIT, type CliIo } from "../io.js";
import { countOf } from "../plural.js";
import { renderMatrix } from "../matrix.js";
import type { OutputRecord, TargetRecord, ValueView } from "../records.js";
import { renderCsv, renderTable } from "../render.js";
import { accountRank, isManifest, planOf, type ShardManifest } from "../shard-manifest.js";

interface ShardFile {
  file: string;
  manifest: ShardManifest;
  records: OutputRecord[];
}

/** Runs `merge`. */
export async function run(command: Extract<CliCommand, { command: "merge" }>, io: CliIo): Promise<number> {
  const shards = await Promise.all(command.files.map(readShard));
  const problems = check(shards);
  if (problems.length > 0) {
    const colors = palette(useColor(io.stderr, io.env));
    for (const p of problems) io.stderr.write(`${colors.red("merge:")} ${p}\n`);
    return EXIT.FAILED;
  }
  const manifest = shards[0]!.manifest;
  const rank = accountRank(manifest);
  const records = shards.flatMap((s) => s.records.map((record, i) => ({ record, i, key: rank(record.accountId) })))
    // Shards split by account and each file is in target order, so ordering accounts restores the run's order.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.record);
  io.stdout.write(render(records, manifest.command, command.output));
  return records.some((r) => !r.ok) ? EXIT.FAILED : EXIT.OK;
}

async function readShard(file: string): Promise<ShardFile> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw invalidInput("FILE", file, `a readable ndjson file written by --shard ... --format ndjson (${error.code ?? error.message})`);
  });
  const records: OutputRecord[] = [];
  let manifest: ShardManifest | undefined;
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw invalidInput(`${file}:${i + 1}`, line.slice(0, 40), "one JSON record per line (ndjson)");
    }
    if (parsed === null || typeof parsed !== "object") throw invalidInput(`${file}:${i + 1}`, line.slice(0, 40), "a JSON object");
    if (isManifest(parsed as Record<string, unknown>)) manifest = parsed as ShardManifest;
    else records.push(parsed as OutputRecord);
  });
  if (!manifest) throw invalidInput("FILE", file, "the ndjson of a finished --shard run: it has no shard manifest line (the run did not finish, or ran without --shard)");
  return { file, manifest, records };
}

function check(shards: readonly ShardFile[]): string[] {
  const problems: string[] = [];
  const first = shards[0]!.manifest;
  const count = first.shard.count;
  for (const s of shards) {
    if (planOf(s.manifest) !== planOf(first)) problems.push(`${s.file} is from another run (command, shard count or targets differ from ${shards[0]!.file})`);
    if (s.records.length !== s.manifest.records) problems.push(`${s.file} holds ${countOf(s.records.length, "record")} but its shard wrote ${s.manifest.records}: truncated?`);
  }
  for (let index = 0; index < count; index++) {
    const files = shards.filter((s) => s.manifest.shard.index === index).map((s) => s.file);
    if (files.length === 0) problems.push(`shard ${index + 1}/${count} is missing`);
    if (files.length > 1) problems.push(`shard ${index + 1}/${count} appears ${files.length} times: ${files.join(", ")}`);
  }
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const r of s.records) {
      const key = `${r.accountId} ${r.roleArn ?? "-"} ${r.region || "-"}`;
      const other = seen.get(key);
      if (other !== undefined) problems.push(`target ${key} is in both ${other} and ${s.file}`);
      seen.set(key, s.file);
      if (r.accountId !== "" && !inShard(r.accountId, s.manifest.shard)) problems.push(`${s.file} (shard ${s.manifest.shard.index + 1}/${count}) holds account ${r.accountId}, which belongs to another shard`);
    }
  }
  return [...new Set(problems)];
}

const HEAD = new Set(["accountId", "accountName", "region", "roleArn", "ok", "stage", "error"]);

function render(records: readonly OutputRecord[], command: string, output: { format: string; allColumns?: boolean; quiet: boolean }): string {
  const amount = (r: OutputRecord): number => (command === "option-groups" ? Number(r.optionGroups ?? 0) : 1);
  const total = records.reduce((sum, r) => sum + (r.ok ? amount(r) : 0), 0);
  const failed = records.filter((r) => !r.ok).length;
  switch (output.format) {
    case "json":
      // The records as each shard printed them: byte for byte what one unsharded run prints.
      return `${JSON.stringify({ targets: records, total, failed }, null, 2)}\n`;
    case "ndjson":
      return records.map((r) => `${JSON.stringify(r)}\n`).join("");
    default: {
      const fieldNames = [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => !HEAD.has(k))))];
      const view: ValueView<Record<string, unknown>> = {
        columns: fieldNames, fieldNames, fields: (v) => v, amount: (v) => (command === "option-groups" ? Number(v.optionGroups ?? 0) : 1),
        cells: (v) => fieldNames.map((k) => (v[k] === undefined ? "" : typeof v[k] === "object" ? JSON.stringify(v[k]) : String(v[k]))),
      };
      const targets = records.map(toTarget);
      const colors = palette(false);
      if (output.format === "csv") return renderCsv(targets, view);
      if (output.format === "matrix") {
        const counts = targets.map((t) => (t.ok ? { ...t, value: amount({ ...t.value, accountId: t.accountId, region: t.region, ok: true }) } : t));
        return renderMatrix(counts, { ...(output.allColumns && { allColumns: true }), colors });
      }
      return renderTable(targets, view, colors);
    }
  }
}

function toTarget(r: OutputRecord): TargetRecord<Record<string, unknown>> {
  const head = { accountId: r.accountId, region: r.region, ...(r.roleArn !== undefined && { roleArn: r.roleArn }), ...(typeof r.accountName === "string" && { accountName: r.accountName }) };
  if (r.ok) return { ...head, ok: true, value: Object.fromEntries(Object.entries(r).filter(([k]) => !HEAD.has(k))) };
  return { ...head, ok: false, stage: (r.stage ?? "task") as "task", error: { code: r.error?.code ?? "ERR_TASK", message: r.error?.message ?? "" } };
}
