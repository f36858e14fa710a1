// Session-level fault scenarios (no fan-out): many (account, region) calls in parallel through
// child sessions, against the sandbox's seeded fault injection. Every call's result is checked
// against the known option-group count; AssumeRole calls are counted per account.
import { describe, expect, it } from "vitest";
import { FleetError } from "../../src/index.js";
import type { Harness } from "../e2e/helpers.js";
import { accountIds, countGroups, expectedGroups, fastRetries, FLEET_REGIONS, fleetSandbox, ROLE, faultSuite } from "./helpers.js";

const roleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${ROLE}`;
const suite = faultSuite();
let h: Harness;

type Outcome = { accountId: string; region: string; value?: number; error?: unknown };

/** Every (account, region) at once; one outcome per pair, in order. */
async function runAll(hx: Harness, accounts: string[], regions: string[]): Promise<Outcome[]> {
  const pairs = accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
  return Promise.all(pairs.map(async ({ accountId, region }) => {
    try {
      return { accountId, region, value: await countGroups(hx.base.assumeRole(roleArn(accountId)).withRegion(region)) };
    } catch (error) {
      return { accountId, region, error };
    }
  }));
}

describe("session-level faults", () => {
  it("20% throttling, 2% 5xx, 1% resets, 10 accounts × 8 regions, maxAttempts 8: every call right", async () => {
    const accounts = accountIds(10);
    h = await suite.start(fleetSandbox(accounts, FLEET_REGIONS, { faults: { seed: 20240801, throttleRate: 0.2, serverErrorRate: 0.02, resetRate: 0.01 } }), fastRetries(8));
    const started = performance.now();
    const out = await runAll(h, accounts, FLEET_REGIONS);
    const ms = performance.now() - started;
    expect(out.filter((o) => o.error !== undefined)).toEqual([]);
    expect(out.map((o) => o.value)).toEqual(out.map((o) => expectedGroups(o.accountId, o.region)));
    const stats = h.sb.stats();
    // Faults really happened (the test is not vacuous) and were all absorbed by retries.
    expect(stats.faults.throttle ?? 0).toBeGreaterThan(10);
    expect((stats.faults.reset ?? 0) + (stats.faults.serverError ?? 0)).toBeGreaterThan(0);
    // One AssumeRole per account plus its own faulted attempts: never one per region.
    for (const id of accounts) expect(stats.assumeRole.byAccount[id]).toBeLessThanOrEqual(8);
    console.info(`[faults] s1 session: ${out.length} calls in ${ms.toFixed(0)} ms, requests ${stats.requests}, faults ${JSON.stringify(stats.faults)}, AssumeRole ${JSON.stringify(stats.assumeRole.byAccount)}`);
  });

  it("every issued credential expires twice during a run: every call right, ≤ 3 AssumeRole per account", async () => {
    const accounts = accountIds(6);
    h = await suite.start(fleetSandbox(accounts), fastRetries());
    const hx = h;
    const first = await runAll(hx, accounts, FLEET_REGIONS);
    hx.sb.expireAll();
    const second = await runAll(hx, accounts, FLEET_REGIONS);
    hx.sb.expireAll();
    const third = await runAll(hx, accounts, FLEET_REGIONS);
    for (const out of [first, second, third]) {
      expect(out.map((o) => o.error)).toEqual(out.map(() => undefined));
      expect(out.map((o) => o.value)).toEqual(out.map((o) => expectedGroups(o.accountId, o.region)));
    }
    const stats = hx.sb.stats();
    expect(stats.assumeRole.byAccount).toEqual(Object.fromEntries(accounts.map((id) => [id, 3])));
    // Every region's first call after an expiry was answered ExpiredToken once, then retried once.
    expect(stats.errors.ExpiredToken).toBe(2 * accounts.length * FLEET_REGIONS.length);
  });

  it("STS throttled hard: AssumeRole attempts per account stay bounded (no storm), RDS untouched for failed accounts", async () => {
    const accounts = accountIds(4);
    h = await suite.start(fleetSandbox(accounts, FLEET_REGIONS, { faults: { seed: 7, throttleRate: 0.9, services: ["sts"] } }), fastRetries());
    const out = await runAll(h, accounts, FLEET_REGIONS);
    const stats = h.sb.stats();
    const failed = out.filter((o) => o.error !== undefined);
    for (const o of failed) {
      expect(o.error).toBeInstanceOf(FleetError);
      expect(o.error).toMatchObject({ code: "ERR_ASSUME_ROLE", accountId: o.accountId, stage: "assume-role" });
      expect((o.error as FleetError).cause).toMatchObject({ name: "Throttling" });
    }
    for (const o of out.filter((x) => x.error === undefined)) expect(o.value).toBe(expectedGroups(o.accountId, o.region));
    // 8 regions ask at once; they share one in-flight AssumeRole of at most 3 attempts.
    for (const id of accounts) expect(stats.assumeRole.byAccount[id]).toBeLessThanOrEqual(3);
    console.info(`[faults] sts-throttled session: failed ${failed.length}/${out.length}, AssumeRole ${JSON.stringify(stats.assumeRole.byAccount)}`);
  });
});
