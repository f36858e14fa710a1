// Discovery against hostile servers (issue 12, C.13-C.16): a hung Organizations endpoint, a
// NextToken that repeats forever, a 200 without its list, EC2 listing other partitions' regions,
// and an Account API that is throttled rather than refused. All against the sandbox on port 0.
import { afterEach, describe, expect, it } from "vitest";
import { fanOut, listOrganizationAccounts, listRegions, type AccountSelection } from "../../src/index.js";
import { startSandbox, type SandboxDiscoveryFaults } from "../../src/sandbox/index.js";
import { harness, ROLE, type Harness } from "../e2e/helpers.js";
import { fastRetries } from "../faults/helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(discoveryFaults: SandboxDiscoveryFaults, accounts?: Array<{ id: string }>): Promise<Harness> {
  h = await harness({ discoveryFaults, ...(accounts && { accounts, roles: accounts.map((a) => ({ accountId: a.id, roleName: ROLE })) }) }, fastRetries());
  return h;
}

const calls = (x: Harness, action: string): number => x.sb.stats().byAction[action] ?? 0;

describe("C.13: discovery has a deadline", () => {
  it("a hung Organizations endpoint ends as one discover record soon after timeoutMs", async () => {
    const { base } = await start({ organizations: "hang" });
    const started = performance.now();
    const report = await fanOut({ session: base, accounts: "organization", roles: ROLE, regions: ["us-east-1"], timeoutMs: 1000 }, () => 1);
    const ms = performance.now() - started;
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ ok: false, stage: "discover", accountId: "", region: "" });
    expect(report.failed[0]?.error.code).toBe("ERR_TIMEOUT");
    expect(ms).toBeLessThan(5000);
  }, 15_000);

  it("listOrganizationAccounts({ timeoutMs }) bounds each call", async () => {
    const { base } = await start({ organizations: "hang" });
    await expect(listOrganizationAccounts(base, { timeoutMs: 300 })).rejects.toMatchObject({ code: "ERR_TIMEOUT", stage: "discover" });
  }, 15_000);

  it("a NextToken that repeats is detected on the second page: a discover record, 2 ListAccounts calls", async () => {
    const x = await start({ organizations: "repeatToken" });
    const report = await fanOut({ session: x.base, accounts: "organization", roles: ROLE, regions: ["us-east-1"], timeoutMs: 3000 }, () => 1);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ ok: false, stage: "discover" });
    expect(report.failed[0]?.error.code).toBe("ERR_DISCOVERY");
    expect(report.failed[0]?.error.message).toMatch(/NextToken/);
    // The service misbehaved: kind server (its advice names the endpoint or a proxy), not unknown.
    expect([report.failed[0]?.error.kind, report.failed[0]?.error.retryable]).toEqual(["server", false]);
    expect(calls(x, "organizations:ListAccounts")).toBe(2);
  }, 15_000);

  it("the run's signal ends a hung discovery as cancelled", async () => {
    const { base } = await start({ organizations: "hang" });
    const controller = new AbortController();
    const running = fanOut({ session: base, accounts: "organization", roles: ROLE, regions: ["us-east-1"], signal: controller.signal }, () => 1);
    setTimeout(() => controller.abort(), 200);
    const report = await running;
    expect(report.results.map((r) => (r.ok ? "ok" : r.stage))).toEqual(["cancelled"]);
  }, 15_000);
});

describe("C.14: an answer without its list is a failure, an empty organisation says so", () => {
  it("ListAccounts answering 200 {} is one discover record, not 0 targets", async () => {
    const { base } = await start({ organizations: "noList" });
    const report = await fanOut({ session: base, accounts: "organization", roles: ROLE, regions: ["us-east-1"] }, () => 1);
    expect(report.summary).toMatchObject({ targets: 1, failed: 1 });
    expect(report.failed[0]).toMatchObject({ stage: "discover", error: { code: "ERR_DISCOVERY" } });
    expect(report.failed[0]?.error.message).toMatch(/Accounts/);
    expect([report.failed[0]?.error.kind, report.failed[0]?.error.retryable]).toEqual(["server", false]);
  });

  it("ListRegions answering 200 {} is a discover failure (no silent fallback, no empty list)", async () => {
    const x = await start({ account: "noList" });
    await expect(listRegions(x.base)).rejects.toMatchObject({ code: "ERR_DISCOVERY" });
    expect(calls(x, "ec2:DescribeRegions")).toBe(0);
    const report = await fanOut({ session: x.base, regions: "enabled" }, () => 1);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ ok: false, stage: "discover", region: "" });
  });

  it("DescribeRegions answering without regionInfo is a discover failure", async () => {
    const x = await start({ account: "accessDenied", ec2: "noList" });
    await expect(listRegions(x.base)).rejects.toMatchObject({ code: "ERR_DISCOVERY", message: expect.stringMatching(/Regions/) });
  });

  it("a well-formed organisation with no member gives 0 targets and says so through onAccounts", async () => {
    const { base, sb } = await start({}, []);
    const seen: AccountSelection[] = [];
    const report = await fanOut({ session: base, accounts: "organization", roles: ROLE, regions: ["us-east-1"], onAccounts: (s) => void seen.push(s) }, () => 1);
    expect(report.summary.targets).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.accounts).toEqual([]);
    expect(seen[0]?.leftOut.map((a) => [a.accountId, a.rule])).toEqual([[sb.managementAccountId, "own-account"]]);
  });
});

describe("C.15: discovered regions outside the session's partition are dropped, with a warning", () => {
  it("EC2 listing cn-north-1 and us-gov-west-1: no such targets, one warning naming them", async () => {
    const x = await start({ account: "accessDenied", ec2: "otherPartitions" });
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on("warning", onWarning);
    try {
      const regions = (await listRegions(x.base)).map((r) => r.region);
      expect(regions).not.toContain("cn-north-1");
      expect(regions).not.toContain("us-gov-west-1");
      expect(regions).toContain("us-east-1");
      const report = await fanOut({ session: x.base, regions: "enabled" }, ({ region }) => region);
      expect(report.failed).toEqual([]);
      expect(report.results.map((r) => r.region)).toEqual(regions);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    const ours = warnings.filter((w) => (w as { code?: string }).code === "SESSIONFLEET_FOREIGN_REGIONS");
    expect(ours).toHaveLength(1);
    expect(ours[0]?.message).toMatch(/cn-north-1.*us-gov-west-1/);
  });
});

describe("C.16: EC2 fallback only when the Account API is refused or unsupported", () => {
  it("a throttled ListRegions is retried by the SDK and fails as discover, without asking EC2", async () => {
    const x = await start({ account: "throttle" });
    await expect(listRegions(x.base)).rejects.toMatchObject({ code: "ERR_DISCOVERY", stage: "discover" });
    expect(calls(x, "account:ListRegions")).toBe(3);
    expect(calls(x, "ec2:DescribeRegions")).toBe(0);
  });

  it.each(["accessDenied", "unknownOperation", "notFound"] as const)("ListRegions %s: falls back to EC2 DescribeRegions once", async (fault) => {
    const plain = await start({});
    const expected = await listRegions(plain.base);
    await plain.close();
    const x = await start({ account: fault });
    expect(await listRegions(x.base)).toEqual(expected);
    expect(calls(x, "account:ListRegions")).toBe(1);
    expect(calls(x, "ec2:DescribeRegions")).toBe(1);
  });

  it("ListRegions answered 501 (an emulator without the Account API, as LocalStack answers): falls back to EC2 after the SDK's retries", async () => {
    const plain = await start({});
    const expected = await listRegions(plain.base);
    await plain.close();
    const x = await start({ account: "notImplemented" });
    expect(await listRegions(x.base)).toEqual(expected);
    expect(calls(x, "ec2:DescribeRegions")).toBe(1);
  });
});

describe("the sandbox's discoveryFaults option", () => {
  it("refuses an unknown fault, naming the option", async () => {
    await expect(startSandbox({ discoveryFaults: { organizations: "sleep" as "hang" } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "discoveryFaults.organizations" });
    await expect(startSandbox({ discoveryFaults: { sts: "hang" } as SandboxDiscoveryFaults })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
  });
});
