// fanOut against the sandbox: real SDK clients, SigV4, a real pool; assertions read the
// sandbox's own counters (AssumeRole calls, requests in flight, TCP connections).
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionPool } from "../../src/connections/pool.js";
import { listOrganizationAccounts, listRegions } from "../../src/fanout/discovery/organization.js";
import { fanOut, fanOutStream } from "../../src/fanout/run.js";
import type { TaskContext } from "../../src/fanout/types.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { CredentialSession } from "../../src/session.js";

const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
const ROLE = "OrganizationAccountAccessRole";
const MANAGEMENT = "100000000001";
const members = (n: number, base = 400000000000) => Array.from({ length: n }, (_, i) => String(base + i + 1));
const groups = (accountId: string, region: string) => (Number(accountId.slice(-2)) + REGIONS.indexOf(region) + 4) % 5;

let sb: Sandbox | undefined;
let pool: ConnectionPool | undefined;
let base: CredentialSession | undefined;
afterEach(async () => {
  await base?.close();
  pool?.destroy();
  await sb?.close();
  sb = pool = base = undefined;
});

async function start(options: SandboxOptions, clientConfig: Record<string, unknown> = {}): Promise<{ sb: Sandbox; base: CredentialSession }> {
  sb = await startSandbox({ managementAccountId: MANAGEMENT, faults: null, ...options });
  pool = new ConnectionPool();
  base = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint, ...clientConfig }, pool });
  return { sb, base };
}

const optionGroups = async ({ session, signal }: TaskContext): Promise<number> =>
  (await session.client(RDSClient).send(new DescribeOptionGroupsCommand({}), { abortSignal: signal })).OptionGroupsList?.length ?? 0;

describe("fanOut end to end", () => {
  it("12 accounts × 8 regions, one refused account, one throwing task", async () => {
    const ids = members(12);
    const refused = ids[5]!;
    const { sb, base } = await start({
      accounts: ids.map((id) => ({ id })),
      roles: ids.filter((id) => id !== refused).map((accountId) => ({ accountId, roleName: ROLE })),
      regions: { enabled: REGIONS },
      optionGroups: groups,
      latencyMs: 5,
    });
    const boom = new Error("task failed on purpose");
    const report = await fanOut({ session: base, accounts: ids, roles: ROLE, regions: REGIONS, concurrency: 8 }, async (ctx) => {
      const count = await optionGroups(ctx);
      if (ctx.accountId === ids[2] && ctx.region === "eu-west-1") throw boom;
      return count;
    });
    const stats = sb.stats();
    expect(report.results).toHaveLength(96);
    expect(report.results.map((r) => `${r.accountId}/${r.region}`)).toEqual(ids.flatMap((id) => REGIONS.map((region) => `${id}/${region}`)));
    expect(report.succeeded).toHaveLength(87);
    for (const r of report.succeeded) expect(r.value).toBe(groups(r.accountId, r.region));
    const assume = report.failed.filter((r) => r.stage === "assume-role");
    expect(assume).toHaveLength(8);
    expect(new Set(assume.map((r) => r.accountId))).toEqual(new Set([refused]));
    expect(assume.every((r) => r.error.code === "ERR_ASSUME_ROLE")).toBe(true);
    expect(report.failed.filter((r) => r.stage === "task").map((r) => r.error.cause)).toEqual([boom]);
    expect(stats.assumeRole.byAccount[refused]).toBe(1);
    expect(stats.assumeRole.total).toBe(12);
    expect(stats.byAction["rds:DescribeOptionGroups"]).toBe(88);
    expect(stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(stats.connections).toBeLessThanOrEqual(8 + 3);
    console.log(`[fanout e2e] 12×8: AssumeRole ${stats.assumeRole.total}, refused account ${stats.assumeRole.byAccount[refused]}, maxInFlight ${stats.maxInFlight}, connections ${stats.connections}, requests ${stats.requests}, ${report.summary.ms} ms`);
  });

  it("discovers an organization over several pages and nested OUs", async () => {
    const flat = members(23, 500000000000);
    const nested = members(4, 510000000000);
    const { sb, base } = await start({
      ous: [{ id: "ou-ab12-outer001", name: "Outer" }, { id: "ou-ab12-inner001", name: "Inner", parentId: "ou-ab12-outer001" }, { id: "ou-ab12-deeper01", name: "Deeper", parentId: "ou-ab12-inner001" }],
      accounts: [
        ...flat.map((id) => ({ id })),
        { id: nested[0]!, parentId: "ou-ab12-outer001" },
        { id: nested[1]!, parentId: "ou-ab12-inner001" },
        { id: nested[2]!, parentId: "ou-ab12-deeper01" },
        { id: nested[3]!, parentId: "ou-ab12-deeper01", status: "SUSPENDED" },
      ],
      roles: [...flat, ...nested].map((accountId) => ({ accountId, roleName: ROLE })),
      regions: { enabled: ["us-east-1"] },
    });
    const all = await listOrganizationAccounts(base);
    expect(all.map((a) => a.accountId)).toEqual([MANAGEMENT, ...flat, ...nested.slice(0, 3)].sort());
    expect(sb.stats().byAction["organizations:ListAccounts"]).toBe(2);
    const underOuter = await listOrganizationAccounts(base, { ous: ["ou-ab12-outer001"] });
    expect(underOuter.map((a) => a.accountId)).toEqual(nested.slice(0, 3));

    sb.resetStats();
    const report = await fanOut({ session: base, accounts: "organization", roles: ROLE, concurrency: 6 }, async ({ accountId }) => accountId);
    expect(report.results.map((r) => r.accountId)).toEqual([...flat, ...nested.slice(0, 3)].sort());
    expect(report.failed).toHaveLength(0);
    expect(sb.stats().assumeRole.total).toBe(26);
    const scoped = await fanOut({ session: base, accounts: { organization: { ous: ["ou-ab12-inner001"], exclude: [nested[2]!] } }, roles: ROLE }, () => 1);
    expect(scoped.results.map((r) => r.accountId)).toEqual([nested[1]]);
    // The root's subtree is the whole organization; the caller's own account only with includeSelf,
    // which runs it with the base credentials (it has no such role here: { role } fails at assume-role).
    const withSelf = await fanOut({ session: base, accounts: { organization: { ous: [sb.organization.rootId], includeSelf: true } }, roles: ROLE }, () => 1);
    expect(withSelf.results.map((r) => r.accountId)).toEqual([MANAGEMENT, ...flat, ...nested.slice(0, 3)].sort());
    expect(withSelf.failed).toHaveLength(0);
    const selfByRole = await fanOut({ session: base, accounts: { organization: { ous: [sb.organization.rootId], includeSelf: { role: ROLE } } }, roles: ROLE }, () => 1);
    expect(selfByRole.failed.map((r) => `${r.accountId}:${r.stage}`)).toEqual([`${MANAGEMENT}:assume-role`]);
  });

  it("lists enabled regions per account once, and falls back to EC2 when Account is refused", async () => {
    const ids = members(3, 600000000000);
    const { sb, base } = await start({
      accounts: [{ id: ids[0]!, enabledRegions: ["af-south-1"] }, { id: ids[1]! }, { id: ids[2]!, enabledRegions: ["af-south-1", "ap-east-1"] }],
      roles: ids.flatMap((accountId) => [{ accountId, roleName: ROLE }, { accountId, roleName: "Audit" }]),
      regions: { enabled: ["us-east-1", "eu-west-1"], optIn: ["af-south-1", "ap-east-1"] },
      optionGroups: groups,
    });
    const report = await fanOut({ session: base, accounts: ids, roles: [ROLE, "Audit"], regions: "enabled" }, optionGroups);
    const expected = (id: string) => (id === ids[0] ? ["af-south-1", "eu-west-1", "us-east-1"] : id === ids[1] ? ["eu-west-1", "us-east-1"] : ["af-south-1", "ap-east-1", "eu-west-1", "us-east-1"]);
    expect(report.results.map((r) => `${r.accountId}/${r.roleArn?.split("/")[1]}/${r.region}`)).toEqual(
      ids.flatMap((id) => [ROLE, "Audit"].flatMap((role) => expected(id).map((region) => `${id}/${role}/${region}`))));
    expect(report.failed).toHaveLength(0);
    expect(report.succeeded.every((r) => r.value === groups(r.accountId, r.region))).toBe(true);
    expect(sb.stats().byAction["account:ListRegions"]).toBe(3);

    // Refused (not merely failing: a 5xx or throttling is no reason to ask EC2, issue 12 C.16).
    sb.setDiscoveryFaults({ account: "accessDenied" });
    const child = base.assumeRole(`arn:aws:iam::${ids[2]}:role/${ROLE}`);
    const regions = await listRegions(child, { include: "all" });
    expect(regions).toEqual([
      { region: "af-south-1", optIn: "enabled" }, { region: "ap-east-1", optIn: "enabled" },
      { region: "eu-west-1", optIn: "opt-in-not-required" }, { region: "us-east-1", optIn: "opt-in-not-required" },
    ]);
    expect(sb.stats().byAction["ec2:DescribeRegions"]).toBe(1);
  });

  it("times out slow targets and returns within timeout + 1 s", async () => {
    const { sb, base } = await start({ accounts: members(2).map((id) => ({ id })), roles: members(2).map((accountId) => ({ accountId, roleName: ROLE })), latencyMs: { byService: { rds: 10_000 } } });
    const started = performance.now();
    const report = await fanOut({ session: base, accounts: members(2), roles: ROLE, regions: REGIONS.slice(0, 3), timeoutMs: 400 }, optionGroups);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(400 + 1000);
    expect(report.failed.map((r) => r.stage)).toEqual(Array(6).fill("timeout"));
    expect(sb.stats().assumeRole.total).toBe(2);
  });

  it("cancels a run: returns within 1 s, the rest recorded cancelled", async () => {
    const ids = members(6);
    const { sb, base } = await start({ accounts: ids.map((id) => ({ id })), roles: ids.map((accountId) => ({ accountId, roleName: ROLE })), latencyMs: { byService: { rds: 10_000 } } });
    const controller = new AbortController();
    let startedTasks = 0;
    const started = performance.now();
    const report = await fanOut({ session: base, accounts: ids, roles: ROLE, regions: REGIONS, concurrency: 4, signal: controller.signal }, (ctx) => {
      if (++startedTasks === 4) setTimeout(() => controller.abort(), 100);
      return optionGroups(ctx);
    });
    expect(performance.now() - started).toBeLessThan(100 + 1000);
    expect(report.results).toHaveLength(48);
    expect(report.failed.every((r) => r.stage === "cancelled")).toBe(true);
    expect(startedTasks).toBe(4);
    expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(4);
  });

  it("fanOutStream yields every record; shards cover every target exactly once", async () => {
    const ids = members(10);
    const { sb, base } = await start({ accounts: ids.map((id) => ({ id })), roles: ids.map((accountId) => ({ accountId, roleName: ROLE })), optionGroups: groups });
    const streamed: string[] = [];
    for await (const r of fanOutStream({ session: base, accounts: ids, roles: ROLE, regions: REGIONS.slice(0, 4), concurrency: 4 }, optionGroups)) {
      expect(r.ok && r.value === groups(r.accountId, r.region)).toBe(true);
      streamed.push(`${r.accountId}/${r.region}`);
    }
    const all = ids.flatMap((id) => REGIONS.slice(0, 4).map((region) => `${id}/${region}`));
    expect(streamed.sort()).toEqual([...all].sort());
    expect(sb.stats().assumeRole.total).toBe(10);

    sb.resetStats();
    const sharded: string[] = [];
    for (let index = 0; index < 3; index++) {
      // Each worker has its own session, as separate machines would.
      const worker = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool });
      const report = await fanOut({ session: worker, accounts: ids, roles: ROLE, regions: REGIONS.slice(0, 4), shard: { index, count: 3 } }, () => 1);
      sharded.push(...report.results.map((r) => `${r.accountId}/${r.region}`));
      await worker.close();
    }
    expect(sharded.sort()).toEqual([...all].sort());
    expect(sb.stats().assumeRole.total).toBe(10);
  });
});
