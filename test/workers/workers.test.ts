// fanOut({ workers }) against the sandbox: the same records as one worker (and as the main
// thread), one AssumeRole per account in the whole run, base credentials resolved once,
// cancellation and timeouts included. Workers run the built dist/ (the test setup builds it).
import { afterEach, describe, expect, it } from "vitest";
import { FleetError } from "../../src/errors.js";
import { fanOut, fanOutStream } from "../../src/fanout/run.js";
import { shardOf } from "../../src/fanout/targets.js";
import type { FanOutProgress, FanOutRecord } from "../../src/fanout/types.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { CredentialSession } from "../../src/session.js";

const TASK = new URL("./fixtures/option-groups-task.mjs", import.meta.url);
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"];
const ROLE = "OrganizationAccountAccessRole";
const MANAGEMENT = "100000000001";
const members = (n: number) => Array.from({ length: n }, (_, i) => String(400000000001 + i));
const groups = (accountId: string, region: string) => (Number(accountId.slice(-2)) + REGIONS.indexOf(region) + 4) % 5;

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function start(options: SandboxOptions): Promise<Sandbox> {
  sb = await startSandbox({ managementAccountId: MANAGEMENT, faults: null, regions: { enabled: REGIONS }, optionGroups: groups, ...options });
  return sb;
}

/** A fresh base session whose credential provider counts its calls. */
function base(sb: Sandbox): { session: CredentialSession; loads: () => number } {
  let loads = 0;
  const session = new CredentialSession({
    credentials: async () => (loads++, { ...sb.credentials }),
    region: "us-east-1",
    clientConfig: { endpoint: sb.endpoint },
  });
  return { session, loads: () => loads };
}

/** A record without its timing, its error as JSON plus its class: what must not depend on threads. */
// The sandbox gives every answer a fresh request id; the rest must be equal.
const comparable = (r: FanOutRecord<unknown>) => ({ ...r, ms: 0, error: r.ok ? undefined : { json: { ...r.error.toJSON(), requestId: undefined }, fleet: r.error instanceof FleetError } });

describe("fanOut with workers", () => {
  it("workers 2 = workers 1 = main thread: records, order, progress; one AssumeRole per account, one credential load", async () => {
    const ids = members(12);
    const refused = ids[5]!;
    const sb = await start({ accounts: ids.map((id) => ({ id })), roles: ids.filter((id) => id !== refused).map((accountId) => ({ accountId, roleName: ROLE })) });
    const runs = [];
    for (const workers of [undefined, 1, 2]) {
      sb.resetStats();
      const { session, loads } = base(sb);
      let last: FanOutProgress | undefined;
      const report = await fanOut<{ accountId: string; count: number }>({
        session, accounts: "organization", roles: ROLE, regions: "enabled", concurrency: 6, ...(workers && { workers }), onProgress: (p) => (last = p),
      }, TASK);
      await session.close();
      const stats = sb.stats();
      runs.push({ workers, records: report.results.map(comparable), last, loads: loads(), assumeRole: stats.assumeRole, listAccounts: stats.byAction["organizations:ListAccounts"], summary: { ...report.summary, ms: 0 } });
    }
    const [main, one, two] = runs;
    // "enabled" regions come sorted. The refused account's regions cannot be listed: one record with region "" stands for them.
    expect(main!.records).toHaveLength(45);
    expect(main!.records.map((r) => `${r.accountId}/${r.region}`)).toEqual(ids.flatMap((id) => (id === refused ? [`${id}/`] : [...REGIONS].sort().map((region) => `${id}/${region}`))));
    expect(main!.summary.byStage).toEqual({ "assume-role": 1, task: 1 });
    expect((main!.records.find((r) => r.ok && r.region === "eu-west-1") as { value?: unknown } | undefined)?.value).toEqual({ accountId: ids[0], count: groups(ids[0]!, "eu-west-1") });
    for (const run of [one!, two!]) {
      expect(run.records).toEqual(main!.records);
      expect(run.summary).toEqual(main!.summary);
      expect(run.last).toEqual({ done: 45, total: 45, succeeded: 43, failed: 2 });
      expect(run.loads).toBe(1);
      expect(run.assumeRole.total).toBe(12);
      expect(Object.values(run.assumeRole.byAccount)).toEqual(Array(12).fill(1));
      expect(run.listAccounts).toBe(1);
    }
  });

  it("timeouts: the same timeout records with 1 and 2 workers", async () => {
    const ids = members(4);
    const sb = await start({ accounts: ids.map((id) => ({ id })), roles: ids.map((accountId) => ({ accountId, roleName: ROLE })), latencyMs: { byRegion: { "ap-southeast-1": 10_000 } } });
    const results = [];
    for (const workers of [1, 2]) {
      const { session } = base(sb);
      const report = await fanOut({ session, accounts: ids, roles: ROLE, regions: REGIONS, timeoutMs: 1_500, workers }, TASK);
      await session.close();
      results.push(report.results.map(comparable));
    }
    expect(results[0]!.filter((r) => r.error?.json.code === "ERR_TIMEOUT").map((r) => `${r.accountId}/${r.region}/${r.error?.json.code}`)).toEqual(ids.map((id) => `${id}/ap-southeast-1/ERR_TIMEOUT`));
    expect(results[1]).toEqual(results[0]);
  });

  it("cancellation: every record cancelled, in target order, no new work after the abort", async () => {
    const ids = members(6);
    const sb = await start({ accounts: ids.map((id) => ({ id })), roles: ids.map((accountId) => ({ accountId, roleName: ROLE })), latencyMs: { byService: { rds: 10_000 } } });
    const outcomes = [];
    for (const workers of [1, 2]) {
      sb.resetStats();
      const { session } = base(sb);
      const controller = new AbortController();
      const run = fanOut({ session, accounts: ids, roles: ROLE, regions: REGIONS, concurrency: 4, signal: controller.signal, workers }, TASK);
      // Abort once the first tasks are waiting on the (10 s) RDS answers.
      await waitFor(() => (sb.stats().byAction["rds:DescribeOptionGroups"] ?? 0) >= 2);
      controller.abort();
      const started = performance.now();
      const report = await run;
      // Well under the 10 s the RDS calls would take: the workers stopped waiting for them.
      expect(performance.now() - started).toBeLessThan(8_000);
      await session.close();
      expect(report.results.map((r) => `${r.accountId}/${r.region}`)).toEqual(ids.flatMap((id) => REGIONS.map((region) => `${id}/${region}`)));
      expect(report.results.every((r) => !r.ok && r.stage === "cancelled" && r.error.code === "ERR_CANCELLED")).toBe(true);
      // Concurrency 4 in all (2 per worker with 2 workers): at most 4 tasks ever reached RDS.
      expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBeLessThanOrEqual(4);
      outcomes.push(report.summary.byStage);
    }
    expect(outcomes).toEqual([{ cancelled: 24 }, { cancelled: 24 }]);
  });

  it("shard + workers: two shards of 2 workers each cover every target once, each account assumed once", async () => {
    const ids = members(10);
    const sb = await start({ accounts: ids.map((id) => ({ id })), roles: ids.map((accountId) => ({ accountId, roleName: ROLE })) });
    const seen: string[] = [];
    for (const index of [0, 1]) {
      const { session } = base(sb);
      const report = await fanOut({ session, accounts: ids, roles: ROLE, regions: REGIONS.slice(0, 2), shard: { index, count: 2 }, workers: 2 }, TASK);
      await session.close();
      seen.push(...report.results.map((r) => `${r.accountId}/${r.region}`));
    }
    expect(seen.sort()).toEqual(ids.flatMap((id) => REGIONS.slice(0, 2).map((region) => `${id}/${region}`)).sort());
    expect(sb.stats().assumeRole.total).toBe(10);
    expect(Object.values(sb.stats().assumeRole.byAccount)).toEqual(Array(10).fill(1));

    // A shard without any of the accounts: an empty report (no thread has anything to do).
    const [only] = members(1);
    const other = { index: 1 - shardOf(only!, 2), count: 2 };
    const { session } = base(sb);
    const empty = await fanOut({ session, accounts: [only!], roles: ROLE, regions: REGIONS, shard: other, workers: 2 }, TASK);
    await session.close();
    expect(empty.summary.targets).toBe(0);
  });

  it("MFA: the code is asked for in the main thread, once per AssumeRole as on one thread", async () => {
    const ids = members(4);
    const serial = `arn:aws:iam::${MANAGEMENT}:mfa/admin`;
    const sb = await start({ accounts: ids.map((id) => ({ id })), roles: ids.map((accountId) => ({ accountId, roleName: ROLE, mfaSerial: serial, mfaCode: "123456" })) });
    const asked = [];
    for (const workers of [undefined, 2]) {
      sb.resetStats();
      let count = 0;
      const { session } = base(sb);
      const report = await fanOut({ session, accounts: ids, roles: ROLE, regions: REGIONS.slice(0, 2), serialNumber: serial, tokenCode: async () => (count++, "123456"), ...(workers && { workers }) }, TASK);
      await session.close();
      expect(report.summary.failed).toBe(0);
      expect(sb.stats().assumeRole.total).toBe(4);
      asked.push(count);
    }
    expect(asked[1]).toBe(asked[0]);
    expect(asked[0]).toBeGreaterThan(0);
  });

  it("bad input: a function task with workers, workers 0, a module without a default export, fanOutStream", async () => {
    const sb = await start({});
    const { session } = base(sb);
    const options = { session, accounts: members(1), roles: ROLE, regions: REGIONS };
    await expect(fanOut({ ...options, workers: 2 }, () => 1)).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "task" });
    await expect(fanOut({ ...options, workers: 0 }, TASK)).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "workers" });
    await expect(fanOut({ ...options, workers: 2 }, new URL("./fixtures/no-default.mjs", import.meta.url))).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "task" });
    expect(() => fanOutStream({ ...options, workers: 2 }, () => 1)).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "workers" }) as Error);
    expect(sb.stats().requests).toBe(0);
    await session.close();
  });
});

/** Polls `condition` every 10 ms; fails after 5 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
