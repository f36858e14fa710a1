// The real bin against a sandbox on port 0: exact documents, exit codes and failure lines.
// Demo organisation: management 100000000001; members 200000000001-5 ACTIVE (…003 has no
// OrganizationAccountAccessRole), 200000000006 SUSPENDED.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoOrganization, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, ESCAPE, runCli } from "./run-cli.js";
import { parseCsv } from "./csv.js";

const ROLE = "OrganizationAccountAccessRole";
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;
let sb: Sandbox;
let env: Record<string, string>;
let endpoint: string[];

beforeAll(async () => {
  const demo = demoOrganization();
  const optionGroups = { ...(demo.optionGroups as Record<string, Record<string, number>>), "100000000001": { "us-east-1": 2, "us-west-1": 5 } };
  sb = await startSandbox({ optionGroups });
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
  endpoint = ["--endpoint-url", sb.endpoint];
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());

describe("sessionfleet against the sandbox", () => {
  it("option groups in us-east-1 and us-west-1: the exact JSON document", async () => {
    const run = await runCli(["option-groups", ...endpoint, "--regions", "us-east-1,us-west-1", "--format", "json"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      targets: [
        { accountId: "100000000001", region: "us-east-1", ok: true, optionGroups: 2 },
        { accountId: "100000000001", region: "us-west-1", ok: true, optionGroups: 5 },
      ],
      total: 7,
      failed: 0,
    });
  });

  it("accounts × role × regions: exact JSON, one AssumeRole per account", async () => {
    const run = await runCli(["option-groups", ...endpoint, "--accounts", "200000000001,200000000002", "--role", ROLE, "--regions", "us-east-1,us-west-2", "--format", "json"], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      targets: [
        { accountId: "200000000001", region: "us-east-1", roleArn: arn("200000000001"), ok: true, optionGroups: 3 },
        { accountId: "200000000001", region: "us-west-2", roleArn: arn("200000000001"), ok: true, optionGroups: 0 },
        { accountId: "200000000002", region: "us-east-1", roleArn: arn("200000000002"), ok: true, optionGroups: 2 },
        { accountId: "200000000002", region: "us-west-2", roleArn: arn("200000000002"), ok: true, optionGroups: 1 },
      ],
      total: 6,
      failed: 0,
    });
    expect(sb.stats().assumeRole).toEqual({ total: 2, byAccount: { "200000000001": 1, "200000000002": 1 } });
  });

  it("an account that refuses the role: exit 1, the table shows it, a grouped failure summary on stderr; --quiet keeps only the result", async () => {
    const args = ["option-groups", ...endpoint, "--accounts", "org", "--role", ROLE, "--regions", "us-east-1"];
    const [table, quiet] = await Promise.all([runCli(args, env), runCli([...args, "--format", "json", "--quiet"], env)]);
    expect(table.code).toBe(1);
    expect(table.stdout).not.toMatch(ESCAPE);
    expect(table.stderr).not.toMatch(ESCAPE);
    const rows = table.stdout.split("\n").filter((l) => l.startsWith("│")).map((l) => l.split("│").map((c) => c.trim()).filter(Boolean));
    expect(rows).toEqual([
      ["Account", "Name", "Region", "Role", "Option groups", "Status"],
      ["200000000001", "prod-web", "us-east-1", ROLE, "3", "ok"],
      ["200000000002", "prod-data", "us-east-1", ROLE, "2", "ok"],
      ["200000000003", "prod-legacy", "us-east-1", ROLE, "-", "assume-role ERR_ASSUME_ROLE (AccessDenied)"],
      ["200000000004", "dev-web", "us-east-1", ROLE, "0", "ok"],
      ["200000000005", "dev-data", "us-east-1", ROLE, "0", "ok"],
      ["Total", "5", "4 ok, 1 failed"],
    ]);
    const failures = table.stderr.split("\n").filter((l) => l.startsWith("failed"));
    expect(failures).toEqual(["failed: 1 of 5 targets"]);
    expect(table.stderr).toContain("  1 × assume-role access-denied ERR_ASSUME_ROLE (AccessDenied): 200000000003 us-east-1\n");
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe("");
    const doc = JSON.parse(quiet.stdout) as { targets: Array<Record<string, unknown>>; total: number; failed: number };
    expect(doc.total).toBe(5);
    expect(doc.failed).toBe(1);
    expect(doc.targets[2]).toMatchObject({ accountId: "200000000003", region: "us-east-1", roleArn: arn("200000000003"), ok: false, stage: "assume-role", error: { code: "ERR_ASSUME_ROLE" } });
  });

  it("whoami proves the role in each account", async () => {
    const run = await runCli(["whoami", ...endpoint, "--accounts", "200000000001,200000000002,200000000003", "--role", ROLE, "--session-name", "cli-test", "--format", "json"], env);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { targets: Array<Record<string, unknown>>; total: number; failed: number };
    expect(doc.targets.map((t) => [t.accountId, t.ok, t.arn])).toEqual([
      ["200000000001", true, "arn:aws:sts::200000000001:assumed-role/OrganizationAccountAccessRole/cli-test"],
      ["200000000002", true, "arn:aws:sts::200000000002:assumed-role/OrganizationAccountAccessRole/cli-test"],
      ["200000000003", false, undefined],
    ]);
    expect(doc.targets[0]?.userId).toMatch(/^AROA[A-Z0-9]+:cli-test$/);
    expect(doc).toMatchObject({ total: 2, failed: 1 });
  });

  it("call sts GetCallerIdentity sends the operation of the installed client", async () => {
    const run = await runCli(["call", "sts", "GetCallerIdentity", ...endpoint, "--format", "json"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      targets: [{
        accountId: "100000000001", region: "us-east-1", ok: true,
        output: { Account: "100000000001", Arn: "arn:aws:iam::100000000001:user/sandbox-admin", UserId: expect.any(String) },
      }],
      total: 1,
      failed: 0,
    });
  });

  it("csv and ndjson parse back to the records of the JSON document", async () => {
    const args = ["option-groups", ...endpoint, "--accounts", "org", "--role", ROLE, "--regions", "us-east-1,eu-west-1"];
    const [json, csv, ndjson] = await Promise.all(["json", "csv", "ndjson"].map((format) => runCli([...args, "--format", format], env)));
    const expected = (JSON.parse(json!.stdout) as { targets: Array<Record<string, unknown>> }).targets;
    expect(expected).toHaveLength(10);
    const fromNdjson = ndjson!.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const key = (r: Record<string, unknown>) => `${String(r.accountId)}/${String(r.region)}`;
    const sorted = (records: Array<Record<string, unknown>>) => [...records].sort((a, b) => key(a).localeCompare(key(b))).map((r) => (r.error ? { ...r, error: { ...(r.error as object), requestId: "(varies)" } } : r));
    expect(sorted(fromNdjson)).toEqual(sorted(expected));
    const [header, ...rows] = parseCsv(csv!.stdout);
    expect(header).toEqual(["accountId", "region", "roleArn", "ok", "optionGroups", "stage", "errorCode", "errorMessage", "errorKind", "retryable", "httpStatus", "awsCode", "attempts"]);
    const fromCsv = rows.map(([accountId, region, roleArn, ok, optionGroups, stage, code, message, kind, retryable, httpStatus, awsCode, attempts]) => (ok === "true"
      ? { accountId, region, roleArn, ok: true, optionGroups: Number(optionGroups) }
      : { accountId, region, roleArn, ok: false, stage, error: { code, message, kind, retryable: retryable === "true", httpStatus: Number(httpStatus), awsCode, attempts: Number(attempts) } }));
    // Request ids differ from run to run, and csv leaves them out; the account names are in json and ndjson only.
    const withoutRequestId = (r: Record<string, unknown>) => (r.error ? { ...r, error: { ...(r.error as object), requestId: undefined } } : r);
    expect(fromCsv.map(withoutRequestId)).toEqual(expected.map(({ accountName: _name, ...rest }) => withoutRequestId(rest)));
    for (const run of [json!, csv!, ndjson!]) {
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(ESCAPE);
    }
  });
});
