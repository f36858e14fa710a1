// The run's guard (src/fanout/abort.ts): how a piece of work ends when it is cancelled, times out
// or throws, decided at that moment even when the work ignores its signal.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FleetError } from "../../src/errors.js";
import { RunControl } from "../../src/fanout/abort.js";

const never = () => new Promise<never>(() => {});

afterEach(() => {
  vi.useRealTimers();
});

describe("RunControl.guard", () => {
  it("cancel() ends work that ignores its signal at once, aborts the signal with ERR_CANCELLED, and starts nothing after", async () => {
    const control = new RunControl([]);
    let seen: AbortSignal | undefined;
    const guarded = control.guard(undefined, (signal) => {
      seen = signal;
      return never();
    });
    control.cancel();
    const outcome = await guarded;
    expect(outcome).toMatchObject({ ok: false, aborted: "cancelled", started: true });
    expect(seen?.aborted).toBe(true);
    expect((seen?.reason as FleetError).code).toBe("ERR_CANCELLED");
    let ran = false;
    expect(await control.guard(undefined, async () => void (ran = true))).toMatchObject({ ok: false, aborted: "cancelled", started: false });
    expect(ran).toBe(false);
  });

  it("a caller's signal cancels running work through its one listener", async () => {
    const caller = new AbortController();
    const control = new RunControl([caller.signal]);
    const guarded = control.guard(undefined, never);
    caller.abort();
    expect(await guarded).toMatchObject({ ok: false, aborted: "cancelled" });
    control.dispose();
  });

  it("timeoutMs ends work that ignores its signal at its deadline, less the time already spent", async () => {
    vi.useFakeTimers();
    const control = new RunControl([]);
    let seen: AbortSignal | undefined;
    let settled = false;
    const guarded = control.guard(1000, (signal) => {
      seen = signal;
      return never();
    }, 400).then((o) => {
      settled = true;
      return o;
    });
    await vi.advanceTimersByTimeAsync(599);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await guarded).toMatchObject({ ok: false, aborted: "timeout", started: true });
    expect((seen?.reason as FleetError).code).toBe("ERR_TIMEOUT");
  });

  it("a value, a rejection and a synchronous throw: ok, then failures that are not aborts", async () => {
    const control = new RunControl([]);
    expect(await control.guard(undefined, async () => 42)).toMatchObject({ ok: true, value: 42 });
    const boom = new Error("boom");
    expect(await control.guard(undefined, () => Promise.reject(boom))).toMatchObject({ ok: false, error: boom, aborted: undefined, started: true });
    expect(await control.guard(undefined, () => {
      throw boom;
    })).toMatchObject({ ok: false, error: boom, aborted: undefined });
  });

  it("work that cancels the run as it starts is itself cancelled (it is tracked before it runs)", async () => {
    const control = new RunControl([]);
    const outcome = await control.guard(undefined, () => {
      control.cancel();
      return never();
    });
    expect(outcome).toMatchObject({ ok: false, aborted: "cancelled", started: true });
  });
});
