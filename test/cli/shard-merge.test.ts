// Shards on existing engines: `--shard auto` from CI variables, and `merge`, whose json equals one
// unsharded run byte for byte; missing, repeated and truncated shards are named.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardFromEnv } from "../../src/cli/shards/env.js";
import { FleetError } from "../../src/errors.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

const ACCOUNTS = Array.from({ length: 9 }, (_, i) => `40000000000${i + 1}`);
let sb: Sandbox;
let env: Record<string, string>;
let dir: string;
let args: string[];

beforeAll(async () => {
  // The last account has no role: a failed record must survive the merge too.
  sb = await startSandbox({ accounts: ACCOUNTS.map((id) => ({ id })), roles: ACCOUNTS.slice(0, -1).map((accountId) => ({ accountId, roleName: "OrganizationAccountAccessRole" })) });
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-shards-"));
  args = ["option-groups", "--endpoint-url", sb.endpoint, "--accounts", "org", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1,eu-west-1"];
});
afterAll(async () => {
  await sb?.close();
});

describe("--shard auto and merge", () => {
  it("3 GitLab shards merged equal one unsharded run, byte for byte; a missing or repeated shard is named", async () => {
    const [whole, ...shards] = await Promise.all([
      runCli([...args, "--format", "json"], env),
      ...[1, 2, 3].map((i) => runCli([...args, "--shard", "auto", "--format", "ndjson"], { ...env, CI_NODE_INDEX: String(i), CI_NODE_TOTAL: "3" })),
    ]);
    expect(whole!.code).toBe(1);
    const files = shards.map((run, i) => {
      expect(run.code === 0 || run.code === 1).toBe(true);
      const file = join(dir, `shard-${i + 1}.ndjson`);
      writeFileSync(file, run.stdout);
      return file;
    });
    // Every shard holds whole accounts, and together they hold every target once.
    expect(shards.map((s) => s.stdout.split("\n").filter((l) => l.includes('"accountId"') && !l.includes('"runId"')).length).reduce((a, b) => a + b)).toBe(ACCOUNTS.length * 2);

    const merged = await runCli(["merge", ...files.reverse(), "--format", "json"], env);
    // The failure summary, as the unsharded run prints it.
    expect(merged.stderr).toBe(whole!.stderr);
    expect(merged.code).toBe(1);
    // Byte for byte, but for the AWS request ids of failures, which differ between any two runs.
    const sameRun = (doc: string) => doc.replace(/"requestId": "[^"]+"/g, '"requestId": "(per request)"');
    expect(merged.stdout).toMatch(/"requestId": "/);
    expect(sameRun(merged.stdout)).toBe(sameRun(whole!.stdout));

    const [missing, repeated] = await Promise.all([
      runCli(["merge", files[0]!, files[2]!, "--format", "json"], env),
      runCli(["merge", ...files, files[1]!, "--format", "json"], env),
    ]);
    expect([missing.code, missing.stdout]).toEqual([1, ""]);
    expect(missing.stderr).toMatch(/shard \d\/3 is missing/);
    expect([repeated.code, repeated.stdout]).toEqual([1, ""]);
    expect(repeated.stderr).toMatch(/shard \d\/3 appears 2 times/);
  });

  it("a truncated shard file (no manifest, or records cut) is refused, naming the file", async () => {
    const run = await runCli([...args, "--shard", "1/2", "--format", "ndjson"], env);
    const lines = run.stdout.trimEnd().split("\n");
    const noManifest = join(dir, "cut-1.ndjson");
    writeFileSync(noManifest, `${lines.slice(0, -1).join("\n")}\n`);
    const cut = join(dir, "cut-2.ndjson");
    writeFileSync(cut, `${[...lines.slice(0, 1), lines.at(-1)].join("\n")}\n`);
    const [a, b] = await Promise.all([runCli(["merge", noManifest], env), runCli(["merge", cut], env)]);
    // docs/cli.md: anything missing, repeated, truncated or foreign is exit 1.
    expect([a.code, a.stdout]).toEqual([1, ""]);
    expect(a.stderr).toContain("cut-1.ndjson has no shard manifest line");
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/cut-2\.ndjson holds 1 record but its shard wrote \d+: truncated/);
    expect(readFileSync(cut, "utf8")).toContain('"shard"');
  });
});

// ndjson is left out: an unsharded run streams records as they finish, a merge in target order.
describe("merge prints what one unsharded run prints (issue 22.5)", () => {
  let files: string[] = [];
  const sameRun = (text: string) => text.replace(/"requestId": ?"[^"]+"/g, '"requestId":"(per request)"');
  beforeAll(async () => {
    const shards = await Promise.all([1, 2, 3].map((i) => runCli([...args, "--shard", `${i}/3`, "--format", "ndjson"], env)));
    files = shards.map((run, i) => {
      const file = join(dir, `same-${i + 1}.ndjson`);
      writeFileSync(file, run.stdout);
      return file;
    });
  });

  it.each([
    ["table", []], ["table", ["--verbose"]], ["json", []], ["json", ["--allow-failures"]], ["csv", []], ["matrix", []], ["matrix", ["--quiet"]],
  ] as const)("--format %s %s: stdout, stderr and exit code byte for byte", async (format, flags) => {
    const [whole, merged] = await Promise.all([
      runCli([...args, "--format", format, ...flags], env),
      runCli(["merge", ...[...files].reverse(), "--format", format, ...flags], env),
    ]);
    expect(whole.stdout.length).toBeGreaterThan(0);
    expect(merged.code).toBe(whole.code);
    expect(sameRun(merged.stdout)).toBe(sameRun(whole.stdout));
    expect(merged.stderr).toBe(whole.stderr);
  });
});

describe("merge trusts no manifest (issue 21.9)", () => {
  let lines: string[][] = [];
  let files: string[] = [];
  beforeAll(async () => {
    const shards = await Promise.all([1, 2].map((i) => runCli([...args, "--shard", `${i}/2`, "--format", "ndjson"], env)));
    lines = shards.map((run) => run.stdout.trimEnd().split("\n"));
    files = lines.map((l, i) => {
      const file = join(dir, `trust-${i + 1}.ndjson`);
      writeFileSync(file, `${l.join("\n")}\n`);
      return file;
    });
  });
  const edited = (name: string, shardLines: string[], edit: (manifest: Record<string, unknown>) => void, records = shardLines.slice(0, -1)): string => {
    const manifest = JSON.parse(shardLines.at(-1)!) as Record<string, unknown>;
    edit(manifest);
    const file = join(dir, name);
    writeFileSync(file, `${[...records, JSON.stringify(manifest)].join("\n")}\n`);
    return file;
  };

  it("a manifest saying count 1e9 (or a fractional or negative index) is refused at once", async () => {
    const huge = edited("huge.ndjson", lines[0]!, (m) => void ((m.shard as { count: number }).count = 1e9));
    const frac = edited("frac.ndjson", lines[0]!, (m) => void ((m.shard as { index: number }).index = 0.5));
    const [a, b] = await Promise.all([runCli(["merge", huge, files[1]!], env), runCli(["merge", frac, files[1]!], env)]);
    expect([a.code, a.stdout]).toEqual([1, ""]);
    expect(a.stderr).toContain("huge.ndjson: the manifest's shard count must be a whole number from 1 to 10000");
    expect(a.ms).toBeLessThan(10_000);
    expect([b.code, b.stdout]).toEqual([1, ""]);
    expect(b.stderr).toContain("frac.ndjson: the manifest's shard index must be a whole number");
  });

  it("shard 1 of 2 edited to say 'count: 1' does not merge alone", async () => {
    const alone = edited("alone.ndjson", lines[0]!, (m) => void ((m.shard as { count: number }).count = 1));
    const run = await runCli(["merge", alone, "--format", "json"], env);
    expect([run.code, run.stdout]).toEqual([1, ""]);
    expect(run.stderr).toContain("alone.ndjson: the manifest does not match its own run id");
  });

  it("an injected record with the manifest's count bumped is refused (digest), as are records of targets the run did not have", async () => {
    const records = lines[0]!.slice(0, -1);
    const fake = JSON.stringify({ accountId: ACCOUNTS[0], region: "ap-south-1", roleArn: `arn:aws:iam::${ACCOUNTS[0]}:role/OrganizationAccountAccessRole`, ok: true, optionGroups: 1000 });
    const injected = edited("injected.ndjson", lines[0]!, (m) => void (m.records = (m.records as number) + 1), [...records, fake]);
    const run = await runCli(["merge", injected, files[1]!, "--format", "json"], env);
    expect([run.code, run.stdout]).toEqual([1, ""]);
    expect(run.stderr).toContain("injected.ndjson: its records are not the ones its shard wrote (digest mismatch)");
    expect(run.stderr).not.toContain("1000");
  });

  it("shards of two different runs (another role list) do not merge", async () => {
    const other = await runCli([...args.slice(0, -2), "--regions", "us-east-1", "--shard", "2/2", "--format", "ndjson"], env);
    const file = join(dir, "other-run.ndjson");
    writeFileSync(file, other.stdout);
    const run = await runCli(["merge", files[0]!, file], env);
    expect([run.code, run.stdout]).toEqual([1, ""]);
    expect(run.stderr).toContain("other-run.ndjson is from another run");
  });
});

describe("shardFromEnv", () => {
  it.each([
    ["GitLab (1-based)", { CI_NODE_INDEX: "2", CI_NODE_TOTAL: "4" }, undefined, { index: 1, count: 4 }],
    ["CircleCI", { CIRCLE_NODE_INDEX: "0", CIRCLE_NODE_TOTAL: "3" }, undefined, { index: 0, count: 3 }],
    ["Buildkite", { BUILDKITE_PARALLEL_JOB: "4", BUILDKITE_PARALLEL_JOB_COUNT: "5" }, undefined, { index: 4, count: 5 }],
    ["Kubernetes Indexed Job", { JOB_COMPLETION_INDEX: "3" }, 8, { index: 3, count: 8 }],
    ["AWS Batch array job", { AWS_BATCH_JOB_ARRAY_INDEX: "0" }, 2, { index: 0, count: 2 }],
  ] as const)("%s", (_name, vars, count, expected) => {
    expect(shardFromEnv(vars, count)).toEqual(expected);
  });

  it.each([
    ["nothing set", {}, undefined, /--shard: "auto".*CI_NODE_INDEX/],
    ["Kubernetes without --shard-count", { JOB_COMPLETION_INDEX: "1" }, undefined, /--shard-count.*Kubernetes/],
    ["GitLab index 0 (it counts from 1)", { CI_NODE_INDEX: "0", CI_NODE_TOTAL: "2" }, undefined, /CI_NODE_INDEX: "0".*1 to 2/],
    ["index past the count", { CIRCLE_NODE_INDEX: "3", CIRCLE_NODE_TOTAL: "3" }, undefined, /CIRCLE_NODE_INDEX/],
    ["both GitLab's and CircleCI's variables (which one is meant?)", { CI_NODE_INDEX: "1", CI_NODE_TOTAL: "2", CIRCLE_NODE_INDEX: "0", CIRCLE_NODE_TOTAL: "2" }, undefined, /GitLab \(CI_NODE_INDEX\).*CircleCI \(CIRCLE_NODE_INDEX\).*--shard I\/N/],
  ] as const)("%s is a clear ERR_INVALID_INPUT", (_name, vars, count, message) => {
    let caught: unknown;
    try {
      shardFromEnv(vars, count);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FleetError);
    expect((caught as FleetError).message).toMatch(message);
  });
});
