// Issue 12 B.7: credentials whose Expiration is already past (or inside the refresh window) when
// they arrive (a skewed clock) are refreshed at most once per provider per 30 s, with one
// SESSIONFLEET_CLOCK_SKEW warning, instead of one AssumeRole per request. End to end (one
// warning per process, so in a file of its own): test/e2e/clock-skew.e2e.test.ts.
import { describe, expect, it } from "vitest";
import { refreshingProvider } from "../../src/credentials/refreshing.js";

describe("clock skew", () => {
  it("unit: credentials already expired on arrival: 1 load for 20 calls within 30 s, a 2nd after", async () => {
    const clock = { now: 1_000_000 };
    let loads = 0;
    const provider = refreshingProvider(async () => {
      loads++;
      return { accessKeyId: `ASIAFAKE${String(loads).padStart(12, "0")}`, secretAccessKey: "fake", expiration: new Date(clock.now - 3_600_000) };
    }, { now: () => clock.now });
    for (let i = 0; i < 20; i++) {
      await provider();
      clock.now += 1_000;
    }
    expect(loads).toBe(1);
    clock.now = 1_000_000 + 30_000;
    await provider();
    expect(loads).toBe(2);
  });

  it("unit: credentials arriving 1 s before expiry (inside the refresh window) are not refetched per call", async () => {
    const clock = { now: 0 };
    let loads = 0;
    const provider = refreshingProvider(async () => {
      loads++;
      clock.now += 2_000; // the load itself takes 2 s of clock
      return { accessKeyId: "ASIAFAKEFAKEFAKE0001", secretAccessKey: "fake", expiration: new Date(clock.now + 1_000) };
    }, { now: () => clock.now });
    for (let i = 0; i < 10; i++) await provider();
    expect(loads).toBe(1);
  });

  it("unit: short-lived credentials that arrive in time are not skew: refreshed at half-life, never held past expiry", async () => {
    // Emulators and the sandbox issue 2-second credentials; a rule based on time left alone would
    // hold them 30 s and use them expired (found by exec --serve-credentials against the sandbox).
    const clock = { now: 0 };
    let loads = 0;
    const provider = refreshingProvider(async () => {
      loads++;
      return { accessKeyId: "ASIAFAKEFAKEFAKE0002", secretAccessKey: "fake", expiration: new Date(clock.now + 2_000) };
    }, { now: () => clock.now });
    await provider();
    clock.now = 900;
    await provider();
    expect(loads).toBe(1);
    clock.now = 1_100;
    await provider();
    expect(loads).toBe(2);
  });
});
