// The run's lookahead (src/fanout/lookahead.ts): how many targets may wait before another
// (account, role) unit opens, from measured AssumeRole and task times, on a clock the test moves.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Lookahead } from "../../src/fanout/lookahead.js";

/** A lookahead on a clock the test moves, its event loop `utilization` busy (0 to 1). */
function clocked(concurrency: number, utilization = 0) {
  let now = 1_000;
  const lookahead = new Lookahead(concurrency, () => now, () => utilization);
  return { lookahead, advance: (ms: number) => void (now += ms) };
}

/** One AssumeRole of `ms` and one task of `taskMs`, as the run reports them. */
function measure(l: { lookahead: Lookahead; advance: (ms: number) => void }, ms: number, taskMs: number): void {
  const ended = l.lookahead.assuming();
  l.advance(ms);
  ended();
  l.lookahead.ran(taskMs);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Lookahead", () => {
  it("before anything is measured, the running targets only: concurrency", () => {
    expect(new Lookahead(64).limit).toBe(64);
  });

  it("an AssumeRole as fast as a task adds nothing; each task-time it is slower adds twice concurrency", () => {
    const same = clocked(32);
    measure(same, 20, 20);
    expect(same.lookahead.limit).toBe(32);
    const slower = clocked(32);
    measure(slower, 60, 20);
    expect(slower.lookahead.limit).toBe(32 * (1 + 2 * 2));
    const capped = clocked(32);
    measure(capped, 60_000, 1);
    expect(capped.lookahead.limit).toBe(32 * (1 + 2 * 16));
  });

  it("AssumeRoles of a cold process before any task has run do not widen it", () => {
    const l = clocked(64);
    const ended = l.lookahead.assuming();
    l.advance(90);
    ended();
    expect(l.lookahead.limit).toBe(64);
  });

  it("AssumeRoles that took over 100 ms (timeouts of a hung STS) widen it even when no task has run", () => {
    const l = clocked(16);
    const ended = l.lookahead.assuming();
    l.advance(1000);
    ended();
    expect(l.lookahead.limit).toBe(16 * (1 + 2 * 16));
  });

  it("an AssumeRole overdue on the wire (a hung STS) widens it with its age, before any task has run", () => {
    const l = clocked(16);
    l.lookahead.assuming();
    l.advance(100);
    expect(l.lookahead.limit).toBe(16);
    l.advance(20);
    // 120 ms against the 10 ms that stands for a task: r = 12.
    expect(l.lookahead.limit).toBe(16 * (1 + 2 * 11));
  });

  it("room() waits while the pending targets reach the limit and resumes when records come in", async () => {
    const l = new Lookahead(4);
    l.opened(4);
    let opened = false;
    const waiting = l.room().then(() => void (opened = true));
    await Promise.resolve();
    expect(opened).toBe(false);
    l.finished(1);
    await waiting;
    expect(opened).toBe(true);
    expect(l.pending).toBe(3);
  });

  it("room() looks again while an AssumeRole is on the wire, so one that hangs opens the next unit", async () => {
    vi.useFakeTimers();
    let now = 0;
    const l = new Lookahead(2, () => now, () => 0);
    l.opened(2);
    l.assuming();
    let opened = false;
    const waiting = l.room().then(() => void (opened = true));
    now = 50;
    await vi.advanceTimersByTimeAsync(50);
    expect(opened).toBe(false);
    now = 150;
    await vi.advanceTimersByTimeAsync(100);
    await waiting;
    expect(opened).toBe(true);
  });

  it("a busy event loop (CPU-bound) keeps no targets ready beyond the running ones, however slow or overdue the AssumeRoles", () => {
    const slower = clocked(32, 0.95);
    measure(slower, 60, 20);
    expect(slower.lookahead.limit).toBe(32);
    const hung = clocked(16, 0.9);
    hung.lookahead.assuming();
    hung.advance(1000);
    expect(hung.lookahead.limit).toBe(16);
    // The same AssumeRoles with the loop waiting for I/O: widened as before.
    const idle = clocked(16, 0.89);
    idle.lookahead.assuming();
    idle.advance(1000);
    expect(idle.lookahead.limit).toBe(16 * (1 + 2 * 16));
  });

  it("reads the event loop's utilization from Node: a loop busy for a window counts as CPU-bound, even with a fake global performance", () => {
    vi.useFakeTimers({ toFake: ["performance", "setTimeout"] });
    let now = 0;
    const l = new Lookahead(8, () => now);
    l.assuming();
    // The loop does not wait for I/O for 60 ms (real time: the fake clock does not move)...
    const started = process.hrtime.bigint();
    while (process.hrtime.bigint() - started < 60_000_000n) {
      // busy
    }
    // ...while an AssumeRole is 1 s on the wire: an idle loop would open 8 × 33 targets.
    now = 1000;
    expect(l.limit).toBe(8);
  });
});
