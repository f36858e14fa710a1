// `call` follows pages and applies --query; `--format matrix` draws counts as accounts × regions;
// `--mfa-serial` drives the demo organisation's MFA role. All through the real bin and sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoOrganization, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

const MANY = "200000000001";
let sb: Sandbox;
let keys: Record<string, string>;
// A fresh environment (and so a credential cache of its own) for every run: the AssumeRole counts
// below are per run.
const env = (): Record<string, string> => cleanEnv(keys);
let endpoint: string[];

beforeAll(async () => {
  const demo = demoOrganization();
  // 250 option groups: three pages of at most 100 (RDS DescribeOptionGroups MaxRecords, default 100).
  const optionGroups = { ...(demo.optionGroups as Record<string, Record<string, number>>), [MANY]: { "us-east-1": 250 } };
  sb = await startSandbox({ optionGroups });
  keys = { AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" };
  endpoint = ["--endpoint-url", sb.endpoint];
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());

const target = ["--accounts", MANY, "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1"];

describe("call", () => {
  it("follows every page by default: 250 option groups in one merged output, no Marker left", async () => {
    const run = await runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, "--format", "json"], env());
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { targets: Array<{ output: { OptionGroupsList: Array<{ OptionGroupName: string }>; Marker?: string } }> };
    const output = doc.targets[0]!.output;
    expect(output.OptionGroupsList).toHaveLength(250);
    expect(new Set(output.OptionGroupsList.map((g) => g.OptionGroupName)).size).toBe(250);
    expect(output.Marker).toBeUndefined();
    expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(3);
  });

  it("--query 'length(OptionGroupsList)' gives the count; --no-paginate stops at the first page; --max-items cuts", async () => {
    const query = ["--query", "length(OptionGroupsList)", "--format", "ndjson"];
    const [all, first, capped] = await Promise.all([
      runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, ...query], env()),
      runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, ...query, "--no-paginate"], env()),
      runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, ...query, "--max-items", "120"], env()),
    ]);
    expect([all.code, first.code, capped.code]).toEqual([0, 0, 0]);
    const value = (run: { stdout: string }) => (JSON.parse(run.stdout) as { output: unknown }).output;
    expect([value(all), value(first), value(capped)]).toEqual([250, 100, 120]);
    // 3 pages + 1 page + 2 pages (the second page reaches 120 and paging stops there).
    expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(6);
  });

  it("a bad --query is refused before any request", async () => {
    const run = await runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, "--query", "OptionGroupsList[", "--format", "json"], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--query");
    expect(sb.stats().requests).toBe(0);
  });

  it("table cells show scalars and short lists readably", async () => {
    const run = await runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, "--query", "OptionGroupsList[:3].OptionGroupName"], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ [\w-]+, [\w-]+, [\w-]+ +│ ok/);
  });
});

describe("--format matrix", () => {
  // The demo organisation's exact matrix (names, folding, the failed row) is test/cli/demo.test.ts:
  // `npm run demo` prints it.
  it("--all-columns keeps every region; call --format matrix takes a numeric --query", async () => {
    const [wide, call] = await Promise.all([
      runCli(["option-groups", "--sandbox", "--accounts", "200000000004", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1,ap-northeast-1", "--format", "matrix", "--all-columns"], cleanEnv()),
      runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, "--query", "length(OptionGroupsList)", "--format", "matrix"], env()),
    ]);
    expect(wide.stdout.split("\n").slice(0, 3)).toEqual([
      "Account       us-east-1  ap-northeast-1  Total",
      "200000000004          0               4      4",
      "Total                 0               4      4",
    ]);
    expect(call.stdout.split("\n")[1]).toBe("200000000001        250    250");
  });

  it("call --format matrix without --query, and matrix for whoami, are refused before any request", async () => {
    const [noQuery, whoami] = await Promise.all([
      runCli(["call", "rds", "DescribeOptionGroups", ...endpoint, ...target, "--format", "matrix"], env()),
      runCli(["whoami", ...endpoint, "--format", "matrix"], env()),
    ]);
    expect([noQuery.code, whoami.code]).toEqual([2, 2]);
    expect(noQuery.stderr).toContain("--query");
    expect(sb.stats().requests).toBe(0);
  });
});

describe("--mfa-serial", () => {
  const serial = "arn:aws:iam::100000000001:mfa/sandbox-admin";
  const mfaRole = ["--accounts", "200000000002", "--role", "BreakGlassRole", "--regions", "us-east-1", "--format", "json"];

  it("the demo's MFA role works with --mfa-serial and --mfa-code, or SESSIONFLEET_MFA_CODE; without MFA it is refused", async () => {
    const [flag, fromEnv, without] = await Promise.all([
      runCli(["whoami", ...endpoint, ...mfaRole, "--mfa-serial", serial, "--mfa-code", "123456"], env()),
      runCli(["whoami", ...endpoint, ...mfaRole, "--mfa-serial", serial], { ...env(), SESSIONFLEET_MFA_CODE: "123456" }),
      runCli(["whoami", ...endpoint, ...mfaRole], env()),
    ]);
    expect([flag.code, fromEnv.code, without.code]).toEqual([0, 0, 1]);
    const arn = (run: { stdout: string }) => (JSON.parse(run.stdout) as { targets: Array<{ arn?: string }> }).targets[0]!.arn;
    expect(arn(flag)).toMatch(/^arn:aws:sts::200000000002:assumed-role\/BreakGlassRole\//);
    expect(arn(fromEnv)).toBe(arn(flag)?.replace(/\/[^/]+$/, arn(fromEnv)!.slice(arn(fromEnv)!.lastIndexOf("/"))));
    expect(sb.stats().assumeRole.byAccount["200000000002"]).toBe(3);
  });

  it("a wrong code fails the account, and no code without a terminal is refused before any request, never quoting the code", async () => {
    const [wrong, none, badCode] = await Promise.all([
      runCli(["whoami", ...endpoint, ...mfaRole, "--mfa-serial", serial, "--mfa-code", "654321"], env()),
      runCli(["whoami", ...endpoint, ...mfaRole, "--mfa-serial", serial], env()),
      runCli(["whoami", ...endpoint, ...mfaRole, "--mfa-serial", serial, "--mfa-code", "12345x"], env()),
    ]);
    expect(wrong.code).toBe(1);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--mfa-code");
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).not.toContain("12345x");
    expect(sb.stats().assumeRole.total).toBe(1);
  });
});
