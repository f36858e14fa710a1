// The unit's AssumeRole with fake sessions (issue 12 C.10-C.12): it holds a concurrency slot of its
// own and is aborted when it times out, and every target counts its own wait for it.
import { describe, expect, it } from "vitest";
import { fanOut } from "../../src/fanout/run.js";
import { accountIds, fakeSession } from "./fakes.js";

const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-south-1"];

describe("a unit's credentials", () => {
  it("hung STS, 6 accounts × 8 regions, concurrency 2, timeoutMs 100: every target timeout, one wait per account, loads aborted", async () => {
    let pending = 0;
    // Never answers; ends only when the run closes its child.
    const { session, log } = fakeSession({ credentialsDelay: (_, signal) => new Promise<void>(() => {
      pending++;
      signal.addEventListener("abort", () => pending--, { once: true });
    }) });
    const started = performance.now();
    const report = await fanOut({ session, accounts: accountIds(6), roles: "Audit", regions: REGIONS, concurrency: 2, timeoutMs: 100 }, () => 1);
    const elapsed = performance.now() - started;
    expect(report.summary).toMatchObject({ targets: 48, failed: 48, byStage: { timeout: 48 } });
    // Three rounds of two accounts, not 48 timeouts of 100 ms two at a time (2.4 s).
    expect(elapsed).toBeLessThan(1000);
    expect(log.getCredentials).toHaveLength(6);
    // Every load was aborted by closing the run's child (at its timeout, and again as its unit
    // ended); nothing used it after.
    expect(new Set(log.closed).size).toBe(6);
    expect(log.usedAfterClose).toEqual([]);
    expect(pending).toBe(0);
    for (const r of report.results) expect(r.ms).toBeGreaterThanOrEqual(95);
  });

  it("STS and tasks together never exceed concurrency: the AssumeRole holds a slot until it ends", async () => {
    let inFlight = 0;
    let max = 0;
    const enter = () => (max = Math.max(max, ++inFlight));
    const ids = accountIds(12);
    const hung = new Set(ids.filter((_, i) => i % 3 === 0).map((id) => `arn:aws:iam::${id}:role/Audit`));
    const { session } = fakeSession({
      credentialsDelay: (roleArn, signal) => {
        enter();
        // A hung STS call ends only when its child is closed (the fake then rejects the load).
        if (hung.has(roleArn)) return new Promise<void>(() => signal.addEventListener("abort", () => inFlight--, { once: true }));
        return new Promise<void>((resolve) => setTimeout(resolve, 5)).finally(() => inFlight--);
      },
    });
    const report = await fanOut({ session, accounts: ids, roles: "Audit", regions: REGIONS.slice(0, 4), concurrency: 3, timeoutMs: 80 }, async () => {
      enter();
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return 1;
    });
    expect(report.results.filter((r) => !r.ok).map((r) => r.stage)).toEqual(Array.from({ length: 16 }, () => "timeout"));
    expect(max).toBeLessThanOrEqual(3);
  });
});
