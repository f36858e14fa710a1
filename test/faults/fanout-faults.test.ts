// fanOut under the sandbox's seeded faults: one record per target, each a right value or a
// typed failure; bounded AssumeRole; timeouts and cancellation that return on time; no
// unhandled rejection; no socket left open after close().
import { describe, expect, it, vi } from "vitest";
import { fanOut, FleetError, type FanOutRecord, type FanOutReport } from "../../src/index.js";
import type { Harness } from "../e2e/helpers.js";
import { accountIds, countGroups, expectedGroups, fastRetries, FLEET_REGIONS, fleetSandbox, ROLE, faultSuite } from "./helpers.js";
import { settledRequests, settledStats } from "../e2e/settled.js";

const suite = faultSuite();
let h: Harness;

const key = (r: { accountId: string; region: string }) => `${r.accountId}/${r.region}`;

/** Exactly one record per (account, region), in target order. */
function expectOneRecordPerTarget(report: FanOutReport<unknown>, accounts: string[], regions: string[]): void {
  expect(report.results.map(key)).toEqual(accounts.flatMap((a) => regions.map((r) => `${a}/${r}`)));
  expect(report.summary.targets).toBe(accounts.length * regions.length);
  expect(report.summary.succeeded + report.summary.failed).toBe(report.summary.targets);
}

/** A right value, or a failure whose error agrees with its record. */
function expectRightOrTyped(r: FanOutRecord<number>): void {
  if (r.ok) {
    expect(r.value).toBe(expectedGroups(r.accountId, r.region));
    return;
  }
  expect(r.error).toBeInstanceOf(FleetError);
  expect(r.error).toMatchObject({ stage: r.stage, accountId: r.accountId, region: r.region, roleArn: `arn:aws:iam::${r.accountId}:role/${ROLE}` });
  expect(r.error.code).toBe({ "assume-role": "ERR_ASSUME_ROLE", task: "ERR_TASK", timeout: "ERR_TIMEOUT", cancelled: "ERR_CANCELLED", discover: "ERR_DISCOVERY" }[r.stage]);
}

const task = ({ session, signal }: { session: Parameters<typeof countGroups>[0]; signal: AbortSignal }) => countGroups(session, signal);

describe("fanOut under faults", () => {
  it("20% throttling, 2% 5xx, 1% resets over 10 accounts × 8 regions, maxAttempts 8: every target right", async () => {
    const accounts = accountIds(10);
    h = await suite.start(fleetSandbox(accounts, FLEET_REGIONS, { faults: { seed: 8, throttleRate: 0.2, serverErrorRate: 0.02, resetRate: 0.01 } }), fastRetries(8));
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: FLEET_REGIONS, concurrency: 32 }, task);
    expectOneRecordPerTarget(report, accounts, FLEET_REGIONS);
    expect(report.failed.map((f) => `${key(f)} ${f.stage} ${f.error.message}`)).toEqual([]);
    for (const r of report.results) expectRightOrTyped(r);
    const stats = h.sb.stats();
    expect(stats.faults.throttle ?? 0).toBeGreaterThan(10);
    for (const id of accounts) expect(stats.assumeRole.byAccount[id]).toBeLessThanOrEqual(8);
    console.info(`[faults] S1 fanOut: ${report.summary.succeeded}/${report.summary.targets} ok in ${report.summary.ms} ms; requests ${stats.requests}; faults ${JSON.stringify(stats.faults)}; AssumeRole total ${stats.assumeRole.total} (max/account ${Math.max(...Object.values(stats.assumeRole.byAccount))})`);
  });

  it("50% throttling, 10% 5xx, 5% resets, default attempts: one record per target, each right or typed", async () => {
    const accounts = accountIds(10);
    h = await suite.start(fleetSandbox(accounts, FLEET_REGIONS, { faults: { seed: 50, throttleRate: 0.5, serverErrorRate: 0.1, resetRate: 0.05 } }), fastRetries(3));
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: FLEET_REGIONS, concurrency: 32 }, task);
    expectOneRecordPerTarget(report, accounts, FLEET_REGIONS);
    for (const r of report.results) expectRightOrTyped(r);
    const stats = h.sb.stats();
    // Each failure names what ran out of retries.
    const causes = new Set(report.failed.map((f) => (f.error.cause instanceof FleetError ? f.error.cause.cause : f.error.cause) as Error).map((e) => e.name));
    for (const name of causes) expect(["Throttling", "InternalFailure", "ServiceUnavailable", "TimeoutError", "Error"]).toContain(name);
    expect(report.failed.every((f) => f.stage === "task" || f.stage === "assume-role")).toBe(true);
    // Some of each, or the scenario proves nothing.
    expect(report.summary.succeeded).toBeGreaterThan(0);
    expect(report.summary.failed).toBeGreaterThan(0);
    // AssumeRole is tried once per account (≤ 3 attempts), never once per region.
    for (const id of accounts) expect(stats.assumeRole.byAccount[id]).toBeLessThanOrEqual(3);
    // An account whose AssumeRole failed made no RDS call, counted on the sandbox: byAccount counts
    // requests by the caller's account, and only the task (RDS) runs with a member's credentials;
    // every RDS request came from an account whose AssumeRole succeeded (none with the base
    // session's keys in its place).
    const refused = new Set(report.failed.filter((f) => f.stage === "assume-role").map((f) => f.accountId));
    expect(refused.size).toBeGreaterThan(0);
    for (const id of refused) expect(report.results.filter((r) => r.accountId === id).every((r) => !r.ok && r.stage === "assume-role")).toBe(true);
    for (const id of refused) expect({ id, requests: stats.byAccount[id] ?? 0 }).toEqual({ id, requests: 0 });
    const byMembers = accounts.filter((id) => !refused.has(id)).reduce((sum, id) => sum + (stats.byAccount[id] ?? 0), 0);
    expect(stats.byService.rds).toBe(byMembers);
    console.info(`[faults] S2 fanOut: ${report.summary.succeeded} ok / ${report.summary.failed} failed ${JSON.stringify(report.summary.byStage)} in ${report.summary.ms} ms; causes ${[...causes].join(",")}; AssumeRole ${JSON.stringify(stats.assumeRole.byAccount)}`);
  });

  it("every issued credential expires twice during one run: every target right, ≤ 3 AssumeRole per account", async () => {
    const accounts = accountIds(6);
    h = await suite.start(fleetSandbox(accounts), fastRetries());
    const hx = h;
    let started = 0;
    const report = await fanOut({ session: hx.base, accounts, roles: ROLE, regions: FLEET_REGIONS, concurrency: 6, perAccountConcurrency: 1 }, async (ctx) => {
      // A third and two thirds of the way in, every credential issued so far stops working.
      const n = ++started;
      if (n === 17 || n === 33) hx.sb.expireAll();
      return task(ctx);
    });
    expectOneRecordPerTarget(report, accounts, FLEET_REGIONS);
    expect(report.failed.map((f) => `${key(f)} ${f.stage} ${f.error.message}`)).toEqual([]);
    for (const r of report.results) expectRightOrTyped(r);
    const stats = hx.sb.stats();
    for (const id of accounts) expect(stats.assumeRole.byAccount[id]).toBeLessThanOrEqual(3);
    expect(stats.errors.ExpiredToken ?? 0).toBeGreaterThan(0);
    console.info(`[faults] expiry fanOut: ${report.summary.succeeded}/${report.summary.targets} ok in ${report.summary.ms} ms; ExpiredToken answers ${stats.errors.ExpiredToken}; AssumeRole ${JSON.stringify(stats.assumeRole.byAccount)}`);
  });

  it("STS throttled: AssumeRole backs off and is bounded per account; failed accounts are typed assume-role failures", async () => {
    const accounts = accountIds(8);
    h = await suite.start(fleetSandbox(accounts, FLEET_REGIONS, { faults: { seed: 11, throttleRate: 0.9, services: ["sts"] } }), fastRetries());
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: FLEET_REGIONS, concurrency: 32 }, task);
    expectOneRecordPerTarget(report, accounts, FLEET_REGIONS);
    for (const r of report.results) expectRightOrTyped(r);
    const stats = h.sb.stats();
    for (const id of accounts) expect(stats.assumeRole.byAccount[id]).toBeLessThanOrEqual(3);
    expect(stats.assumeRole.total).toBeLessThanOrEqual(3 * accounts.length);
    const failedAccounts = [...new Set(report.failed.map((f) => f.accountId))];
    expect(failedAccounts.length).toBeGreaterThan(0);
    for (const f of report.failed) {
      expect(f.stage).toBe("assume-role");
      // The STS call itself retried with backoff before giving up.
      const sdkError = (f.error.cause as FleetError).cause as { name: string; $metadata: { attempts?: number; totalRetryDelay?: number } };
      expect(sdkError.name).toBe("Throttling");
      expect(sdkError.$metadata.attempts).toBe(3);
      expect(sdkError.$metadata.totalRetryDelay).toBeGreaterThan(0);
    }
    // A failed account was tried once (3 attempts), not once per region (which would be 24).
    for (const id of failedAccounts) expect(stats.assumeRole.byAccount[id]).toBe(3);
    console.info(`[faults] STS throttled fanOut: failed accounts ${failedAccounts.length}/${accounts.length}; AssumeRole ${JSON.stringify(stats.assumeRole.byAccount)}; Throttling answers ${stats.errors.Throttling}`);
  });

  it("an endpoint slower than timeoutMs: stage timeout, the run returns within timeout + 1 s", async () => {
    const accounts = accountIds(3);
    const regions = FLEET_REGIONS.slice(0, 3);
    // eu is not in the list; us-west-1's endpoint answers after a minute (the sandbox unrefs and clears that timer on close).
    h = await suite.start(fleetSandbox(accounts, regions, { latencyMs: { byRegion: { "us-west-1": 60_000 } } }), fastRetries());
    const timeoutMs = 400;
    const t0 = performance.now();
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions, timeoutMs, concurrency: 16 }, task);
    const elapsed = performance.now() - t0;
    expectOneRecordPerTarget(report, accounts, regions);
    for (const r of report.results) {
      expectRightOrTyped(r);
      expect(r.ok).toBe(r.region !== "us-west-1");
      if (!r.ok) expect(r.stage).toBe("timeout");
    }
    expect(elapsed).toBeLessThan(timeoutMs + 1000);
    // The timed-out requests were aborted, not left hanging on the slow endpoint.
    const hx = h;
    await vi.waitFor(() => expect(hx.sb.stats().inFlight).toBe(0), { timeout: 1000, interval: 10 });
    console.info(`[faults] timeout fanOut: ${report.summary.failed} timeouts, run ${elapsed.toFixed(0)} ms for timeoutMs ${timeoutMs}`);
  });

  it("STS slower than timeoutMs: the wait for credentials counts, every target is timeout within timeout + 1 s", async () => {
    const accounts = accountIds(3);
    const regions = FLEET_REGIONS.slice(0, 2);
    h = await suite.start(fleetSandbox(accounts, regions, { latencyMs: { byService: { sts: 60_000 } } }), fastRetries());
    const timeoutMs = 300;
    let ran = 0;
    const t0 = performance.now();
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions, timeoutMs }, async (ctx) => (ran++, task(ctx)));
    const elapsed = performance.now() - t0;
    expectOneRecordPerTarget(report, accounts, regions);
    expect(report.results.map((r) => (r.ok ? "ok" : r.stage))).toEqual(report.results.map(() => "timeout"));
    for (const r of report.results) expectRightOrTyped(r);
    expect(ran).toBe(0);
    expect((await settledStats(h.sb)).byService.rds ?? 0).toBe(0);
    expect(elapsed).toBeLessThan(timeoutMs + 1000);
    // Nothing is left running once the run has returned: no AssumeRole still waiting on a socket.
    const hx = h;
    await vi.waitFor(() => expect({ inFlight: hx.sb.stats().inFlight, socketsOpen: hx.pool.stats().socketsOpen }).toEqual({ inFlight: 0, socketsOpen: 0 }), { timeout: 1000, interval: 10 });
  });

  it("a signal aborted before the run: every target cancelled, no request, no task", async () => {
    const accounts = accountIds(2);
    h = await suite.start(fleetSandbox(accounts), fastRetries());
    let ran = 0;
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: FLEET_REGIONS, signal: AbortSignal.abort() }, async (ctx) => (ran++, task(ctx)));
    expectOneRecordPerTarget(report, accounts, FLEET_REGIONS);
    expect(report.summary.byStage).toEqual({ cancelled: accounts.length * FLEET_REGIONS.length });
    for (const r of report.results) expectRightOrTyped(r);
    expect({ ran, requests: await settledRequests(h.sb) }).toEqual({ ran: 0, requests: 0 });
  });

  it("a task that ignores its signal still times out on time", async () => {
    const accounts = accountIds(2);
    h = await suite.start(fleetSandbox(accounts, ["us-east-1", "us-east-2"]), fastRetries());
    const timeoutMs = 300;
    const t0 = performance.now();
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: ["us-east-1", "us-east-2"], timeoutMs }, async (ctx) =>
      ctx.region === "us-east-2" ? new Promise<number>(() => undefined) : task(ctx));
    const elapsed = performance.now() - t0;
    expect(report.results.map((r) => (r.ok ? r.value : r.stage))).toEqual([
      expectedGroups(accounts[0]!, "us-east-1"), "timeout", expectedGroups(accounts[1]!, "us-east-1"), "timeout",
    ]);
    expect(elapsed).toBeLessThan(timeoutMs + 1000);
  });

  it("an aborted run returns within 1 s; targets not finished are recorded cancelled", async () => {
    const accounts = accountIds(4);
    h = await suite.start(fleetSandbox(accounts), fastRetries());
    const controller = new AbortController();
    const concurrency = 4;
    let waiting = 0;
    let allWaiting: () => void = () => undefined;
    const full = new Promise<void>((resolve) => (allWaiting = resolve));

    const run = fanOut({ session: h.base, accounts, roles: ROLE, regions: FLEET_REGIONS, concurrency, signal: controller.signal }, async (ctx) => {
      if (ctx.region === "us-east-1") return task(ctx);
      // Every other target waits for its signal: only cancellation ends it.
      if (++waiting === concurrency) allWaiting();
      return new Promise<number>((_, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true }));
    });
    await full;
    const abortedAt = performance.now();
    controller.abort();
    const report = await run;
    const afterAbort = performance.now() - abortedAt;
    expectOneRecordPerTarget(report, accounts, FLEET_REGIONS);
    for (const r of report.results) {
      expectRightOrTyped(r);
      if (!r.ok) expect(r.stage).toBe("cancelled");
    }
    expect(report.succeeded.every((r) => r.region === "us-east-1")).toBe(true);
    expect(report.summary.byStage.cancelled).toBe(report.summary.targets - report.summary.succeeded);
    expect(report.summary.byStage.cancelled).toBeGreaterThanOrEqual(accounts.length * FLEET_REGIONS.length - accounts.length);
    expect(afterAbort).toBeLessThan(1000);
    console.info(`[faults] abort fanOut: ${report.summary.succeeded} ok, ${report.summary.byStage.cancelled} cancelled; returned ${afterAbort.toFixed(0)} ms after abort()`);
  });
});
