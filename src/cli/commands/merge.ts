// `sessionfleet merge FILE...`: the ndjson outputs of `--shard` runs → what one unsharded run of
// the same command prints, on stdout and stderr, with the same flags and exit codes. Every shard
// must be there exactly once, whole, unedited and from the same run (src/cli/shards/check.ts);
// anything else is named on stderr and the exit code is 1, with nothing on stdout: a partial
// merge must never pass for a whole one.
import { readFile } from "node:fs/promises";
import type { AccountSelection } from "../../index.js";
import type { CliCommand } from "../args/command-types.js";
import { palette, useColor } from "../output/color.js";
import { EXIT, type CliIo } from "../io.js";
import type { ErrorLike, OutputRecord, TargetRecord, ValueView } from "../output/records.js";
import { printOutcome } from "../output/outcome.js";
import { manifestProblems, runProblems, type ShardFile } from "../shards/check.js";
import { accountRank, isManifest, type ShardManifest } from "../shards/manifest.js";
import { untrusted } from "../../untrusted.js";

type MergeCommand = Extract<CliCommand, { command: "merge" }>;

/** Runs `merge`. */
export async function run(command: MergeCommand, io: CliIo): Promise<number> {
  const shards = await Promise.all(command.files.map(readShard));
  let problems = shards.flatMap((s) => s.problem === undefined ? manifestProblems(s) : [s.problem]);
  if (problems.length === 0) problems = runProblems(shards);
  const known = problems.length === 0 ? await viewOf(shards[0]!.manifest!.command) : undefined;
  if (problems.length === 0 && known === undefined) problems = [`${shards[0]!.file}: the manifest names command ${JSON.stringify(shards[0]!.manifest!.command)}, which merge does not know`];
  if (problems.length > 0 || known === undefined) {
    const colors = palette(useColor(io.stderr, io.env));
    for (const p of [...new Set(problems)]) io.stderr.write(`${colors.red("merge:")} ${untrusted(p)}\n`);
    return EXIT.FAILED;
  }
  const manifest = shards[0]!.manifest!;
  const rank = accountRank(manifest);
  const ordered = shards.flatMap((s) => s.records.map((record, i) => ({ record, line: s.lines[i]!, cause: causeOf(s.manifest!, i), key: rank(record.accountId) })))
    // Shards split by account and each file is in target order, so ordering accounts restores the run's order.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (command.output.format === "ndjson") for (const { line } of ordered) io.stdout.write(line);
  const targets = ordered.map(({ record, cause }) => toTarget(record, known.value, cause));
  // Every shard's selection is the run's: its accounts are spread over the shards, its left-out ones are not.
  const selection = { accounts: [], failed: [], leftOut: manifest.leftOut } as unknown as AccountSelection;
  return printOutcome(targets, known.view, command.output, io, { selection, allowFailures: command.allowFailures, interrupted: false, printed: ordered.map((o) => o.record) });
}

async function readShard(file: string): Promise<ShardFile & { problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { file, manifest: undefined, records: [], lines: [], problem: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  const records: OutputRecord[] = [];
  const lines: string[] = [];
  let manifest: ShardManifest | undefined;
  const all = text.split("\n");
  for (const [i, line] of all.entries()) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return { file, manifest: undefined, records, lines, problem: `${file}:${i + 1} is not JSON (${JSON.stringify(line.slice(0, 40))}): not an ndjson file written by --shard ... --format ndjson` };
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return { file, manifest: undefined, records, lines, problem: `${file}:${i + 1} is not a JSON object` };
    if (manifest !== undefined) return { file, manifest, records, lines, problem: `${file}:${i + 1} follows the manifest line, which must be last` };
    if (isManifest(parsed as Record<string, unknown>)) manifest = parsed as ShardManifest;
    else {
      records.push(parsed as OutputRecord);
      lines.push(`${line}\n`);
    }
  }
  return { file, manifest, records, lines };
}

function causeOf(manifest: ShardManifest, position: number): string | undefined {
  const found = manifest.causes.find((c) => Array.isArray(c) && c[0] === position);
  return typeof found?.[1] === "string" ? found[1] : undefined;
}

const HEAD = new Set(["accountId", "accountName", "region", "roleArn", "ok", "stage", "error"]);

/** A record read back, as the command's own view and the failure summary take it. */
function toTarget(r: OutputRecord, value: (fields: Record<string, unknown>) => unknown, cause: string | undefined): TargetRecord<unknown> {
  const head = { accountId: r.accountId, region: r.region, ...(r.roleArn !== undefined && { roleArn: r.roleArn }), ...(typeof r.accountName === "string" && { accountName: r.accountName }) };
  const fields = Object.fromEntries(Object.entries(r).filter(([k]) => !HEAD.has(k)));
  if (r.ok) return { ...head, ok: true, value: value(fields) };
  const e = r.error!;
  // The AWS words the summary quotes are the error's innermost cause; the shard kept them.
  const error: Error & ErrorLike = Object.assign(new Error(e.message, cause === undefined ? undefined : { cause: new Error(cause) }), {
    code: e.code, kind: e.kind, retryable: e.retryable,
    ...(e.httpStatus !== undefined && { httpStatus: e.httpStatus }), ...(e.awsCode !== undefined && { awsCode: e.awsCode }),
    ...(e.requestId !== undefined && { requestId: e.requestId }), ...(e.attempts !== undefined && { attempts: e.attempts }),
  });
  return { ...head, ok: false, stage: (r.stage ?? "task") as "task", error };
}

/** The command's own view, and how to get its value back from the printed fields. */
async function viewOf(name: string): Promise<{ view: ValueView<unknown>; value: (fields: Record<string, unknown>) => unknown } | undefined> {
  switch (name) {
    case "option-groups":
      return { view: (await import("./option-groups.js")).optionGroupsView as ValueView<unknown>, value: (f) => f.optionGroups };
    case "whoami":
      return { view: (await import("./whoami.js")).whoamiView as ValueView<unknown>, value: (f) => ({ arn: f.arn, userId: f.userId }) };
    case "call":
      return { view: (await import("./call.js")).callView, value: (f) => f.output };
    case "exec":
      return { view: (await import("./exec.js")).execView() as ValueView<unknown>, value: (f) => f };
    default:
      return undefined;
  }
}
