import { describe, expect, it } from "vitest";
import { refreshingProvider } from "../../src/credentials/refreshing.js";

function loader(lifetimeMs: number | undefined, clock: { now: number }) {
  let calls = 0;
  const load = async () => {
    calls++;
    return {
      accessKeyId: `ASIAFAKE${String(calls).padStart(12, "0")}`,
      secretAccessKey: "fake-secret",
      ...(lifetimeMs !== undefined && { expiration: new Date(clock.now + lifetimeMs) }),
    };
  };
  return { load, calls: () => calls };
}

describe("refreshingProvider", () => {
  it("merges 50 concurrent first calls into one load", async () => {
    const clock = { now: 0 };
    const { load, calls } = loader(3_600_000, clock);
    const provider = refreshingProvider(load, { now: () => clock.now });
    const results = await Promise.all(Array.from({ length: 50 }, () => provider()));
    expect(calls()).toBe(1);
    expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
    expect(provider.memoized).toBe(true);
  });

  it("refreshes 5 minutes before expiry, not earlier", async () => {
    const clock = { now: 0 };
    const { load, calls } = loader(3_600_000, clock);
    const provider = refreshingProvider(load, { now: () => clock.now });
    await provider();
    clock.now = 3_600_000 - 5 * 60_000 - 1;
    await provider();
    expect(calls()).toBe(1);
    clock.now = 3_600_000 - 5 * 60_000;
    await provider();
    expect(calls()).toBe(2);
  });

  it("refreshes short-lived credentials at half their life, not on every call", async () => {
    const clock = { now: 0 };
    const { load, calls } = loader(6 * 60_000, clock);
    const provider = refreshingProvider(load, { now: () => clock.now });
    await provider();
    clock.now = 2 * 60_000;
    await provider();
    expect(calls()).toBe(1);
    clock.now = 3 * 60_000;
    await provider();
    expect(calls()).toBe(2);
  });

  it("never refreshes credentials without an expiration", async () => {
    const clock = { now: 0 };
    const { load, calls } = loader(undefined, clock);
    const provider = refreshingProvider(load, { now: () => clock.now });
    await provider();
    clock.now = 10 ** 12;
    await provider();
    expect(calls()).toBe(1);
  });

  it("forceRefresh: one refresh for every caller that failed with the same old key", async () => {
    const clock = { now: 0 };
    const { load, calls } = loader(3_600_000, clock);
    const provider = refreshingProvider(load, { now: () => clock.now });
    const old = await provider();
    const fresh = await Promise.all(Array.from({ length: 10 }, () => provider.forceRefresh(old.accessKeyId)));
    expect(calls()).toBe(2);
    expect(new Set(fresh.map((f) => f.accessKeyId))).toEqual(new Set([fresh[0]!.accessKeyId]));
    // A late caller with the old key gets the new one without another load.
    await provider.forceRefresh(old.accessKeyId);
    expect(calls()).toBe(2);
  });

  it("keeps serving valid credentials when an early refresh fails, and throws once they expire", async () => {
    const clock = { now: 0 };
    let fail = false;
    const provider = refreshingProvider(
      async () => {
        if (fail) throw new Error("sts down");
        return { accessKeyId: "ASIAFAKE000000000001", secretAccessKey: "x", expiration: new Date(clock.now + 3_600_000) };
      },
      { now: () => clock.now },
    );
    await provider();
    fail = true;
    clock.now = 3_400_000;
    await expect(provider()).resolves.toMatchObject({ accessKeyId: "ASIAFAKE000000000001" });
    clock.now = 3_600_001;
    await expect(provider()).rejects.toThrow("sts down");
  });

  it("does not cache a failed first load", async () => {
    let calls = 0;
    const provider = refreshingProvider(async () => {
      calls++;
      if (calls === 1) throw new Error("first fails");
      return { accessKeyId: "AKIAFAKE000000000002", secretAccessKey: "x" };
    });
    await expect(provider()).rejects.toThrow("first fails");
    await expect(provider()).resolves.toMatchObject({ accessKeyId: "AKIAFAKE000000000002" });
    expect(calls).toBe(2);
  });
});
