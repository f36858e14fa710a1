import { describe, expect, it } from "vitest";
import { FleetError } from "../../src/errors.js";
import { fanOut, fanOutStream } from "../../src/fanout/run.js";
import type { TaskContext } from "../../src/fanout/types.js";
import { accountIds, fakeSession } from "./fakes.js";

const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-south-1"];
const role = (id: string) => `arn:aws:iam::${id}:role/Audit`;

/** Counts tasks in flight, overall and per key. */
function gauge() {
  let now = 0;
  let max = 0;
  const byKey = new Map<string, number>();
  const maxByKey = new Map<string, number>();
  return {
    enter(...keys: string[]) {
      max = Math.max(max, ++now);
      for (const k of keys) {
        const n = (byKey.get(k) ?? 0) + 1;
        byKey.set(k, n);
        maxByKey.set(k, Math.max(maxByKey.get(k) ?? 0, n));
      }
    },
    leave(...keys: string[]) {
      now--;
      for (const k of keys) byKey.set(k, byKey.get(k)! - 1);
    },
    get max() {
      return max;
    },
    maxOf: (prefix: string) => Math.max(0, ...[...maxByKey].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v)),
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("fanOut", () => {
  it("runs 12 accounts × 8 regions: one refused account, one throwing task, records in target order", async () => {
    const ids = accountIds(12);
    const refused = role(ids[4]!);
    const { session, log } = fakeSession({ refuse: [refused], credentialsDelay: tick });
    const g = gauge();
    const boom = new Error("boom");
    const report = await fanOut({ session, accounts: ids, roles: "Audit", regions: REGIONS, concurrency: 5 }, async ({ accountId, region, roleArn }) => {
      g.enter();
      await tick();
      g.leave();
      if (accountId === ids[7] && region === "us-west-2") throw boom;
      return `${accountId}:${region}:${roleArn}`;
    });
    expect(report.results).toHaveLength(96);
    expect(report.results.map((r) => `${r.accountId}/${r.region}`)).toEqual(ids.flatMap((id) => REGIONS.map((r) => `${id}/${r}`)));
    expect(report.succeeded).toHaveLength(87);
    for (const r of report.succeeded) expect(r.value).toBe(`${r.accountId}:${r.region}:${role(r.accountId)}`);
    const assume = report.failed.filter((r) => r.stage === "assume-role");
    expect(assume).toHaveLength(8);
    expect(assume.every((r) => r.accountId === ids[4] && r.error.code === "ERR_ASSUME_ROLE" && r.error.region === r.region)).toBe(true);
    const task = report.failed.filter((r) => r.stage === "task");
    expect(task).toHaveLength(1);
    expect(task[0]!.error.code).toBe("ERR_TASK");
    expect(task[0]!.error.cause).toBe(boom);
    expect(report.summary).toMatchObject({ targets: 96, succeeded: 87, failed: 9, byStage: { "assume-role": 8, task: 1 } });
    // One STS call per account, the refused one included; every child closed once.
    expect(log.getCredentials).toHaveLength(12);
    expect(log.getCredentials.filter((arn) => arn === refused)).toHaveLength(1);
    expect([...log.closed].sort()).toEqual(ids.map(role).sort());
    expect(g.max).toBeLessThanOrEqual(5);
    expect(g.max).toBeGreaterThanOrEqual(2);
    expect(() => report.throwIfFailed()).toThrow(/9 of 96 targets failed/);
  });

  it("runs as the caller's own account in the session's region when accounts and roles are omitted", async () => {
    const { session, log } = fakeSession({ accountId: "123456789012" });
    let seen: TaskContext | undefined;
    const report = await fanOut({ session }, (ctx) => {
      seen = ctx;
    });
    expect(report.results).toEqual([{ accountId: "123456789012", region: "us-east-1", ok: true, value: undefined, ms: expect.any(Number) }]);
    expect(seen).not.toHaveProperty("roleArn");
    expect(log.assumeRole).toHaveLength(0);
    expect(log.closed).toHaveLength(0);
  });

  it("records a failed identity lookup as one discover record", async () => {
    const { session } = fakeSession({ identityError: new Error("no credentials") });
    const report = await fanOut({ session }, () => 1);
    expect(report.results).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ accountId: "", region: "", stage: "discover", error: { code: "ERR_DISCOVERY" } });
  });

  it("passes assume-role options and honours per-account and per-region limits", async () => {
    const ids = accountIds(6);
    const { session, log } = fakeSession();
    const g = gauge();
    const report = await fanOut({
      session, accounts: ids, roles: ["Audit", "Ops"], regions: REGIONS.slice(0, 4), concurrency: 8,
      perAccountConcurrency: 2, perRegionConcurrency: 3, sessionName: "audit-run", externalId: "ext-FAKE",
    }, async ({ accountId, region }) => {
      g.enter(`a:${accountId}`, `r:${region}`);
      await tick();
      await tick();
      g.leave(`a:${accountId}`, `r:${region}`);
      return 1;
    });
    expect(report.summary.succeeded).toBe(48);
    expect(report.results.slice(0, 8).map((r) => `${r.roleArn?.split("/")[1]}/${r.region}`)).toEqual(
      ["Audit", "Ops"].flatMap((name) => REGIONS.slice(0, 4).map((region) => `${name}/${region}`)));
    expect(g.maxOf("a:")).toBeLessThanOrEqual(2);
    expect(g.maxOf("r:")).toBeLessThanOrEqual(3);
    expect(g.max).toBeLessThanOrEqual(8);
    expect(log.assumeRole[0]).toEqual({ roleArn: role(ids[0]!), sessionName: "audit-run", externalId: "ext-FAKE" });
    expect(log.getCredentials).toHaveLength(12);
  });

  it("opens at most `concurrency` child sessions at once and closes each after its last target", async () => {
    const ids = accountIds(40);
    const { session, log } = fakeSession();
    let maxOpen = 0;
    await fanOut({ session, accounts: ids, roles: "Audit", regions: REGIONS.slice(0, 3), concurrency: 4 }, async () => {
      maxOpen = Math.max(maxOpen, new Set(log.getCredentials).size - log.closed.length);
      await tick();
    });
    expect(log.closed).toHaveLength(40);
    expect(maxOpen).toBeLessThanOrEqual(4);
  });

  it("records a timeout at the deadline even when the task ignores its signal", async () => {
    const { session } = fakeSession();
    const started = performance.now();
    const report = await fanOut({ session, accounts: accountIds(2), roles: "Audit", regions: ["us-east-1", "us-west-2"], timeoutMs: 200 }, ({ region, signal }) =>
      region === "us-east-1"
        ? new Promise<never>(() => {}) // ignores the signal
        : new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(200 + 1000);
    expect(report.results.map((r) => r.ok ? "ok" : r.stage)).toEqual(["timeout", "timeout", "timeout", "timeout"]);
    expect(report.failed[0]!.error.code).toBe("ERR_TIMEOUT");
    expect(report.failed[0]!.ms).toBeGreaterThanOrEqual(195);
  });

  it("counts the wait for credentials in the timeout", async () => {
    const { session } = fakeSession({ credentialsDelay: () => new Promise(() => {}) });
    const started = performance.now();
    const report = await fanOut({ session, accounts: accountIds(1), roles: "Audit", regions: REGIONS.slice(0, 3), timeoutMs: 150 }, () => 1);
    expect(performance.now() - started).toBeLessThan(3 * 150 + 1000);
    expect(report.failed.map((r) => r.stage)).toEqual(["timeout", "timeout", "timeout"]);
  });

  it("cancels: running targets are aborted, the rest recorded cancelled and never started", async () => {
    const ids = accountIds(10);
    const { session } = fakeSession();
    const controller = new AbortController();
    let startedTasks = 0;
    const started = performance.now();
    const report = await fanOut({ session, accounts: ids, roles: "Audit", regions: REGIONS, concurrency: 4, signal: controller.signal }, ({ signal }) => {
      if (++startedTasks === 4) controller.abort();
      return new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(startedTasks).toBe(4);
    expect(report.results).toHaveLength(80);
    expect(report.failed.every((r) => r.stage === "cancelled" && r.error.code === "ERR_CANCELLED")).toBe(true);
    expect(report.failed.filter((r) => r.error.message.startsWith("Cancelled while running"))).toHaveLength(4);
  });

  it("returns all-cancelled records for an already aborted signal without calling anything", async () => {
    const { session, log } = fakeSession();
    const report = await fanOut({ session, accounts: accountIds(3), roles: "Audit", regions: REGIONS.slice(0, 2), signal: AbortSignal.abort() }, () => 1);
    expect(report.results.map((r) => !r.ok && r.stage)).toEqual(Array(6).fill("cancelled"));
    expect(log.getCredentials).toHaveLength(0);
  });

  it("reports progress at most every 100 ms and once at the end", async () => {
    const { session } = fakeSession();
    const calls: Array<{ done: number; total: number; succeeded: number; failed: number }> = [];
    await fanOut({ session, accounts: accountIds(5), roles: "Audit", regions: REGIONS, onProgress: (p) => calls.push(p) }, async ({ region }) => {
      if (region === "ap-south-1") throw new Error("x");
      return 1;
    });
    expect(calls.at(-1)).toEqual({ done: 40, total: 40, succeeded: 35, failed: 5 });
    expect(calls[0]!.total).toBe(40);
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it("splits the work by account across shards, each target exactly once", async () => {
    const ids = accountIds(30);
    const seen: string[] = [];
    const assumed: string[] = [];
    for (let index = 0; index < 3; index++) {
      const { session, log } = fakeSession();
      const report = await fanOut({ session, accounts: ids, roles: "Audit", regions: REGIONS.slice(0, 2), shard: { index, count: 3 } }, () => 1);
      seen.push(...report.results.map((r) => `${r.accountId}/${r.region}`));
      assumed.push(...log.getCredentials);
    }
    expect(seen.sort()).toEqual(ids.flatMap((id) => [`${id}/us-east-1`, `${id}/us-east-2`]).sort());
    expect(assumed.sort()).toEqual(ids.map(role).sort());
  });

  it("rejects bad input before any call", async () => {
    const { session, log } = fakeSession();
    await expect(fanOut({ session, accounts: accountIds(2), roles: "Audit", regions: ["us-east-1", "us-moon-1"] }, () => 1)).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "regions[1]" });
    expect(() => fanOutStream({ session, concurrency: 0 }, () => 1)).toThrow(FleetError);
    expect(log.getCredentials).toHaveLength(0);
    expect(log.identity).toBe(0);
  });
});

describe("fanOutStream", () => {
  it("yields every record once and slows the run to a slow consumer", async () => {
    const ids = accountIds(10);
    const { session } = fakeSession();
    let started = 0;
    let consumed = 0;
    let maxAhead = 0;
    const keys: string[] = [];
    for await (const r of fanOutStream({ session, accounts: ids, roles: "Audit", regions: REGIONS, concurrency: 3 }, ({ accountId, region }) => {
      started++;
      maxAhead = Math.max(maxAhead, started - consumed);
      return `${accountId}/${region}`;
    })) {
      consumed++;
      if (r.ok) keys.push(r.value);
      await tick();
    }
    expect(keys.sort()).toEqual(ids.flatMap((id) => REGIONS.map((region) => `${id}/${region}`)).sort());
    // Records waiting for the consumer are bounded by the buffer plus the slots in use.
    expect(maxAhead).toBeLessThanOrEqual(3 + 3 + 1);
  });

  it("cancels the rest of the run when the consumer stops early", async () => {
    const { session, log } = fakeSession();
    let started = 0;
    let count = 0;
    for await (const _ of fanOutStream({ session, accounts: accountIds(20), roles: "Audit", regions: REGIONS, concurrency: 2 }, () => ++started)) {
      if (++count === 3) break;
    }
    expect(started).toBeLessThan(20);
    // Children made before the stop are all closed; no more were made after it. A child whose
    // AssumeRole the stop caught on the wire is closed twice (by its credentials, to abort the call
    // before the slot is given back, then by its unit): the second close is a no-op, so what
    // counts is which children were closed, not how many closes.
    expect(new Set(log.closed)).toEqual(new Set(log.assumeRole.map((a) => a.roleArn)));
    expect(log.usedAfterClose).toEqual([]);
    expect(log.assumeRole.length).toBeLessThanOrEqual(4);
  });
});
