// The CLI's discovery against hostile servers (issue 12, C.13-C.15, C.17): the real bin against a
// sandbox on port 0 whose discovery answers hang, loop, come back empty or list foreign regions.
// Demo organisation: management 100000000001; members 200000000001-5 ACTIVE, 200000000006 SUSPENDED.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
let sb: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox();
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => {
  sb.setDiscoveryFaults(null);
  sb.resetStats();
});

/** Kills the child at 15 s, so a CLI that never ends fails the test instead of hanging it. */
const killAt15s = (child: ChildProcess): void => {
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  child.on("exit", () => clearTimeout(timer));
};

const orgRun = (extra: string[] = []) => ["option-groups", "--endpoint-url", sb.endpoint, "--accounts", "org", "--role", ROLE, "--regions", "us-east-1", "--format", "json", ...extra];

interface Doc { targets: Array<{ accountId: string; region: string; ok: boolean; stage?: string; error?: { code: string; message: string } }>; failed: number }

describe("sessionfleet discovery against hostile servers", () => {
  it("C.13: a hung Organizations endpoint with --timeout 2s: one discover record (ERR_TIMEOUT), exit 1, well before 15 s", async () => {
    sb.setDiscoveryFaults({ organizations: "hang" });
    const run = await runCli(orgRun(["--timeout", "2s"]), env, killAt15s);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(10_000);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.targets).toHaveLength(1);
    expect(doc.targets[0]).toMatchObject({ accountId: "", region: "", ok: false, stage: "discover", error: { code: "ERR_TIMEOUT" } });
  }, 20_000);

  it("C.13: a NextToken that repeats forever: one discover record, ListAccounts asked twice", async () => {
    sb.setDiscoveryFaults({ organizations: "repeatToken" });
    const run = await runCli(orgRun(["--timeout", "2s"]), env, killAt15s);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.targets.map((t) => [t.stage, t.error?.code])).toEqual([["discover", "ERR_DISCOVERY"]]);
    expect(sb.stats().byAction["organizations:ListAccounts"]).toBe(2);
  }, 20_000);

  it("C.14: ListAccounts answering 200 {}: a discover failure and exit 1, not an empty success", async () => {
    sb.setDiscoveryFaults({ organizations: "noList" });
    const run = await runCli(orgRun(), env, killAt15s);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.targets.map((t) => [t.stage, t.error?.code])).toEqual([["discover", "ERR_DISCOVERY"]]);
    expect(doc.targets[0]?.error?.message).toMatch(/without its Accounts list/);
  }, 20_000);

  it("C.14: an organisation with no member account: 0 targets, and stderr says why", async () => {
    const empty = await startSandbox({ accounts: [] });
    try {
      const keys = { AWS_ACCESS_KEY_ID: empty.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: empty.credentials.secretAccessKey, AWS_REGION: "us-east-1" };
      const run = await runCli(["option-groups", "--endpoint-url", empty.endpoint, "--accounts", "org", "--role", ROLE, "--regions", "us-east-1", "--format", "json"], cleanEnv(keys), killAt15s);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ targets: [], total: 0, failed: 0 });
      expect(run.stderr).toBe("Left out (your own account; --include-self runs it): 100000000001 management\nNo targets: the only account found was left out, as listed above.\n");
      expect(empty.stats().byAction["organizations:ListAccounts"]).toBe(1);
    } finally {
      await empty.close();
    }
  }, 20_000);

  it("C.17: --accounts org lists the organisation once, and still notes the accounts left out", async () => {
    const run = await runCli(orgRun(), env, killAt15s);
    expect(run.code).toBe(1); // 200000000003 has no such role
    expect((JSON.parse(run.stdout) as Doc).targets.map((t) => t.accountId)).toEqual(["200000000001", "200000000002", "200000000003", "200000000004", "200000000005"]);
    expect(run.stderr).toContain("Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)\n");
    expect(sb.stats().byAction["organizations:ListAccounts"]).toBe(1);
  }, 20_000);

  it("C.15: EC2 listing cn-north-1 and us-gov-west-1: no such targets, and stderr names them", async () => {
    sb.setDiscoveryFaults({ account: "accessDenied", ec2: "otherPartitions" });
    const run = await runCli(["option-groups", "--endpoint-url", sb.endpoint, "--regions", "enabled", "--format", "json"], env, killAt15s);
    expect(run.code).toBe(0);
    const regions = (JSON.parse(run.stdout) as Doc).targets.map((t) => t.region);
    expect(regions).toContain("us-east-1");
    expect(regions.filter((r) => r.startsWith("cn-") || r.startsWith("us-gov-"))).toEqual([]);
    expect(run.stderr).toMatch(/SESSIONFLEET_FOREIGN_REGIONS.*cn-north-1, us-gov-west-1/);
  }, 20_000);
});
