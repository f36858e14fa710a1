// A run closes only what it made (issue 12 C.9): a child the caller got from `assumeRole`, or that
// another run is using, keeps its clients and its credential load through and after a run.
import { describe, expect, it } from "vitest";
import { fanOut } from "../../src/fanout/run.js";
import { accountIds, fakeSession } from "./fakes.js";

const REGIONS = ["us-east-1", "us-west-2"];
const role = (id: string) => `arn:aws:iam::${id}:role/Audit`;
// Never constructed by the fake session (it makes plain objects); the class is only a cache key.
class FakeClient {
  middlewareStack = { use() {} };
  destroy(): void {}
}

describe("fanOut ownership of child sessions", () => {
  it("leaves the caller's own child (same role) open: same client, credentials not reloaded", async () => {
    const [id] = accountIds(1) as [string];
    const { session, log } = fakeSession();
    const mine = session.assumeRole({ roleArn: role(id) });
    const client = mine.client(FakeClient);
    await mine.getCredentials();
    const report = await fanOut({ session, accounts: [id], roles: "Audit", regions: REGIONS }, ({ session: s }) => s.client(FakeClient) !== client);
    // The run's targets used a child of their own, not the caller's.
    expect(report.results.map((r) => (r.ok ? r.value : r.stage))).toEqual([true, true]);
    expect(mine.client(FakeClient)).toBe(client);
    await mine.getCredentials();
    // One load for the caller, one for the run; the run closed its own child only.
    expect(log.getCredentials).toEqual([role(id), role(id)]);
    expect(log.closed).toEqual([role(id)]);
    expect(log.usedAfterClose).toEqual([]);
  });

  it("does not abort the caller's credential load in flight when a run on the same role times out", async () => {
    const [id] = accountIds(1) as [string];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { session } = fakeSession({ credentialsDelay: () => held });
    const mine = session.assumeRole({ roleArn: role(id) });
    const loading = mine.getCredentials();
    const report = await fanOut({ session, accounts: [id], roles: "Audit", regions: REGIONS, timeoutMs: 20 }, () => 1);
    expect(report.results.map((r) => (r.ok ? r.value : r.stage))).toEqual(["timeout", "timeout"]);
    release();
    await expect(loading).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^AKIA/) });
  });

  it("two concurrent runs on one base session: the one that ends first does not close the other's child", async () => {
    const [id] = accountIds(1) as [string];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const { session, log } = fakeSession();
    let started = 0;
    let bothStarted: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (bothStarted = resolve));
    const run = (wait: boolean) => fanOut({ session, accounts: [id], roles: "Audit", regions: ["us-east-1"] }, async ({ session: s }) => {
      const client = s.client(FakeClient);
      if (++started === 2) bothStarted();
      if (wait) await slow;
      // The same client, still this run's, after the other run ended.
      return s.client(FakeClient) === client && (await s.getCredentials()).accessKeyId.startsWith("AKIA");
    });
    const a = run(true);
    const b = run(false);
    await ready;
    const first = await b;
    release();
    const second = await a;
    expect([first, second].map((r) => r.results.map((x) => (x.ok ? x.value : x.stage)))).toEqual([[true], [true]]);
    expect(log.usedAfterClose).toEqual([]);
    expect(log.getCredentials).toEqual([role(id), role(id)]);
  });
});
