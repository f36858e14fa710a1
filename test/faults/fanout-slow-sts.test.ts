// fanOut against a slow or hung STS (issue 12 C.10-C.12): every target's timeout covers its own
// wait for its account's credentials; a hung STS costs an account one timeout, not one per
// region; requests in flight on the wire (STS included, counted by the sandbox) never exceed
// `concurrency`.
// Loaded up front: the first AssumeRole of a process would otherwise pay for importing the STS
// client inside its 300 ms deadline.
import "@aws-sdk/client-sts";
import { describe, expect, it, vi } from "vitest";
import { fanOut, type FanOutReport } from "../../src/index.js";
import type { Harness } from "../e2e/helpers.js";
import { accountIds, countGroups, expectedGroups, fastRetries, FLEET_REGIONS, fleetSandbox, ROLE, faultSuite } from "./helpers.js";

const suite = faultSuite();
const HUNG = 600_000;
const task = ({ session, signal }: { session: Parameters<typeof countGroups>[0]; signal: AbortSignal }) => countGroups(session, signal);
const outcomes = (report: FanOutReport<number>) => report.results.map((r) => `${r.accountId}/${r.region} ${r.ok ? "ok" : r.stage}`);

/** Waits until the sandbox has nothing in flight (and, with `sockets`, the pool has no socket open: every one was an aborted AssumeRole's). */
async function quiet(h: Harness, sockets = true): Promise<void> {
  const now = () => ({ inFlight: h.sb.stats().inFlight, ...(sockets && { socketsOpen: h.pool.stats().socketsOpen }) });
  await vi.waitFor(() => expect(now()).toEqual({ inFlight: 0, ...(sockets && { socketsOpen: 0 }) }), { timeout: 2000, interval: 10 });
}

describe("fanOut with a slow STS: one clock per target (C.10)", () => {
  for (const regions of [["us-east-1", "us-east-2"], ["us-east-2", "us-east-1"]]) {
    it(`400 ms per call, timeoutMs 700, regions ${regions.join(",")}: every region times out (each waited 400 ms for credentials)`, async () => {
      const accounts = accountIds(1);
      const h = await suite.start(fleetSandbox(accounts, regions, { latencyMs: 400 }), fastRetries());
      const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions, timeoutMs: 700 }, task);
      expect(outcomes(report)).toEqual(regions.map((r) => `${accounts[0]}/${r} timeout`));
      for (const r of report.results) expect(r.ms).toBeGreaterThanOrEqual(690);
      expect(h.sb.stats().assumeRole.total).toBe(1);
    });
  }

  it("400 ms per call, timeoutMs 1500: every region succeeds and its ms includes its 400 ms wait for credentials", async () => {
    const accounts = accountIds(1);
    const regions = ["us-east-1", "us-east-2", "us-west-1"];
    const h = await suite.start(fleetSandbox(accounts, regions, { latencyMs: 400 }), fastRetries());
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions, timeoutMs: 1500 }, task);
    expect(report.results.map((r) => (r.ok ? r.value : r.stage))).toEqual(regions.map((r) => expectedGroups(accounts[0]!, r)));
    for (const r of report.results) expect(r.ms).toBeGreaterThanOrEqual(790);
  });
});

describe("fanOut with a hung STS: one timeout per account (C.11)", () => {
  it("1 account × 2 regions, timeoutMs 1000: both timeout, the run takes ≤ 1.3 s, the AssumeRole is aborted", async () => {
    const accounts = accountIds(1);
    const regions = ["us-east-1", "us-east-2"];
    const h = await suite.start(fleetSandbox(accounts, regions, { latencyMs: { byService: { sts: HUNG } } }), fastRetries());
    const t0 = performance.now();
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions, timeoutMs: 1000 }, task);
    const elapsed = performance.now() - t0;
    expect(outcomes(report)).toEqual(regions.map((r) => `${accounts[0]}/${r} timeout`));
    expect(elapsed).toBeLessThanOrEqual(1300);
    expect(h.sb.stats().assumeRole.total).toBe(1);
    await quiet(h);
    console.info(`[slow-sts] hung STS 1×2 timeoutMs 1000: ${elapsed.toFixed(0)} ms`);
  });

  it("100 accounts × 8 regions at concurrency 16, timeoutMs 1000: about ceil(100/16) × 1 s (≤ 9 s), one AssumeRole per account", async () => {
    const accounts = Array.from({ length: 100 }, (_, i) => String(400000000001 + i));
    const h = await suite.start(fleetSandbox(accounts, FLEET_REGIONS, { latencyMs: { byService: { sts: HUNG } } }), fastRetries());
    const t0 = performance.now();
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: FLEET_REGIONS, concurrency: 16, timeoutMs: 1000 }, task);
    const elapsed = performance.now() - t0;
    expect(report.summary).toMatchObject({ targets: 800, failed: 800, byStage: { timeout: 800 } });
    expect(elapsed).toBeLessThanOrEqual(9000);
    const stats = h.sb.stats();
    expect(stats.assumeRole.total).toBe(100);
    expect(stats.maxInFlight).toBeLessThanOrEqual(16);
    await quiet(h);
    console.info(`[slow-sts] hung STS 100×8 at 16, timeoutMs 1000: ${elapsed.toFixed(0)} ms; max in flight ${stats.maxInFlight}; connections ${stats.connections}`);
  }, 60_000);
});

describe("fanOut with some accounts' STS hung: concurrency holds on the wire (C.12)", () => {
  it("12 of 36 accounts hung, 4 regions, concurrency 4: at most 4 requests in flight at the sandbox, every other target right or a timeout", async () => {
    const accounts = accountIds(36);
    const hung = accounts.filter((_, i) => i % 3 === 0);
    const regions = FLEET_REGIONS.slice(0, 4);
    const byAccount = Object.fromEntries(hung.map((id) => [id, HUNG]));
    const h = await suite.start(fleetSandbox(accounts, regions, { latencyMs: { byService: { rds: 60 }, byAccount } }), fastRetries());
    const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions, concurrency: 4, timeoutMs: 300 }, task);
    const stats = h.sb.stats();
    expect(stats.maxInFlight).toBeLessThanOrEqual(4);
    // Hung accounts time out; the others are right, or (on a loaded machine) typed timeouts.
    for (const r of report.results) {
      if (hung.includes(r.accountId)) expect(r.ok ? "ok" : r.stage).toBe("timeout");
      else if (!r.ok) expect(r.stage).toBe("timeout");
      else expect(r.value).toBe(expectedGroups(r.accountId, r.region));
    }
    expect(report.summary.succeeded).toBeGreaterThan(0);
    // One AssumeRole per account at most (a fetch that timed out before sending sends nothing).
    expect(Math.max(...Object.values(stats.assumeRole.byAccount))).toBe(1);
    await quiet(h, false);
    console.info(`[slow-sts] 12/36 accounts hung, concurrency 4: max in flight ${stats.maxInFlight}; connections ${stats.connections}; ${report.summary.ms} ms`);
  });
});
