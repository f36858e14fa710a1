// SessionManager against the sandbox: the LRU bound over 10,000 tenants, a call in flight that
// outlives its session's eviction, idle expiry with fake timers, entries() metadata, shared first
// use, and that an evicted session never breaks the base session or its other users.
import { spawn } from "node:child_process";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CredentialSession, FleetError, type ConnectionPool, MemoryCredentialStore, SessionManager, type EvictReason, type ManagedSessionInfo } from "../../src/index.js";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/index.js";
import { ROOT } from "../cli/run-cli.js";
import { closeSandboxBase, openSandboxBase } from "./sandbox-base.js";

const ROLE = "OrganizationAccountAccessRole";
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;
let sb: Sandbox;
let pool: ConnectionPool;
let base: CredentialSession;

async function open(options: SandboxOptions = {}): Promise<void> {
  ({ sb, pool, base } = await openSandboxBase(options));
}
afterEach(async () => {
  vi.useRealTimers();
  await closeSandboxBase({ sb, pool, base });
});

const groups = async (s: CredentialSession) => (await s.client(RDSClient).send(new DescribeOptionGroupsCommand({}))).OptionGroupsList?.length;

describe("SessionManager", () => {
  beforeEach(() => open());

  it("10,000 distinct tenants through maxSessions 100: never more than 100 held, 9,900 capacity evictions, sessions that work", async () => {
    const evicted: EvictReason[] = [];
    const manager = new SessionManager({ base, maxSessions: 100, onEvict: (_e, reason) => evicted.push(reason) });
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      const session = manager.get({ accountId: "200000000001", role: ROLE, sessionName: `tenant-${i}` });
      if (i % 2_000 === 0) expect(await groups(session)).toBe(3); // a real call now and then
      most = Math.max(most, manager.stats().sessions);
    }
    expect(most).toBe(100);
    expect(manager.stats()).toMatchObject({ sessions: 100, draining: 0, created: 10_000, reused: 0, evicted: { idle: 0, capacity: 9_900, closed: 0 }, inFlight: 0 });
    expect(evicted).toHaveLength(9_900);
    expect(new Set(evicted)).toEqual(new Set(["capacity"]));
    expect(sb.stats().assumeRole.total).toBe(5);
    // The survivors are the 100 most recently used, oldest first.
    expect([...manager.entries()].map((e) => e.key.split("/").pop())).toEqual(Array.from({ length: 100 }, (_, i) => `tenant-${9_900 + i}`));
    await manager.close();
    expect(manager.stats()).toMatchObject({ sessions: 0, evicted: { capacity: 9_900, closed: 100 } });
    expect(() => manager.get(arn("200000000001"))).toThrow(/SessionManager is closed/);
  });

  it("concurrent first uses share one session and one AssumeRole; a role ARN and { accountId, role } are the same key", async () => {
    const manager = new SessionManager({ base });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => {
      const session = i % 2 ? manager.get(arn("200000000002")) : manager.get({ accountId: "200000000002", role: ROLE });
      return session.client(STSClient).send(new GetCallerIdentityCommand({}));
    }));
    expect(new Set(answers.map((a) => a.Arn)).size).toBe(1);
    expect(sb.stats().assumeRole.total).toBe(1);
    expect(manager.stats()).toMatchObject({ sessions: 1, created: 1, reused: 19 });
    await manager.close();
  });

  it("entries(): key, account, role, times, expiry, uses, in-flight calls and clients; no secret", async () => {
    const manager = new SessionManager({ base });
    const before = Date.now();
    const tenant = manager.get({ accountId: "200000000001", role: ROLE, externalId: "tenant-secretish-id", sessionName: "tenant-a" });
    expect(await groups(tenant)).toBe(3);
    await tenant.withRegion("eu-west-1").client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    expect(manager.get({ accountId: "200000000001", role: ROLE, externalId: "tenant-secretish-id", sessionName: "tenant-a", region: "eu-west-1" })).toBe(tenant.withRegion("eu-west-1"));
    const credentials = await tenant.getCredentials();
    const [entry, ...rest] = [...manager.entries()] as [ManagedSessionInfo, ...ManagedSessionInfo[]];
    expect(rest).toEqual([]);
    expect(entry).toEqual({
      key: expect.stringMatching(new RegExp(`^${arn("200000000001")}/tenant-a#[0-9a-f]{8}$`)),
      accountId: "200000000001", roleArn: arn("200000000001"),
      createdAt: expect.any(Date), lastUsedAt: expect.any(Date), expiresAt: credentials.expiration,
      uses: 2, inFlight: 0, clients: 2,
    });
    expect(entry.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(entry.lastUsedAt.getTime()).toBeGreaterThanOrEqual(entry.createdAt.getTime());
    expect(entry.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const text = JSON.stringify(entry);
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken!, "tenant-secretish-id"]) expect(text).not.toContain(secret);
    await manager.close();
  });

  it("an evicted session closes without breaking the base session or another user of the same role", async () => {
    const manager = new SessionManager({ base, maxSessions: 1 });
    const shared = base.assumeRole(arn("200000000001")); // someone else's child of the same base and role
    expect(await groups(shared)).toBe(3);
    expect(await groups(manager.get(arn("200000000001")))).toBe(3);
    manager.get(arn("200000000002")); // evicts the first: closed now (nothing in flight)
    expect(manager.stats().evicted.capacity).toBe(1);
    expect(await groups(shared)).toBe(3);
    expect((await base.client(STSClient).send(new GetCallerIdentityCommand({}))).Account).toBe("100000000001");
    await manager.close();
    expect(await groups(shared)).toBe(3);
  });

  it("managed sessions use the base's credential store unless cache says otherwise", async () => {
    const store = new MemoryCredentialStore();
    const cached = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool, cache: store });
    const inherit = new SessionManager({ base: cached });
    const memory = new SessionManager({ base: cached, cache: "memory" });
    expect(await groups(memory.get(arn("200000000002")))).toBe(2);
    expect(store.size).toBe(0);
    expect(await groups(inherit.get(arn("200000000001")))).toBe(3);
    expect(store.size).toBe(1);
    await Promise.all([inherit.close(), memory.close(), cached.close()]);
  });

  it("bad input is refused before any call", () => {
    expect(() => new SessionManager({ base, maxSessions: 0 })).toThrow(FleetError);
    expect(() => new SessionManager({ base: {} as CredentialSession })).toThrow(/Invalid base/);
    const manager = new SessionManager({ base });
    expect(() => manager.get({ accountId: "12", role: ROLE })).toThrow(/Invalid accountId/);
    expect(() => manager.get({ accountId: "200000000002", role: arn("200000000001") })).toThrow(/Invalid accountId/);
    expect(() => manager.get({ role: ROLE, region: "moon-1" } as never)).toThrow(FleetError);
    expect(sb.stats().requests).toBe(0);
  });
});

describe("SessionManager with slow calls", () => {
  beforeEach(() => open({ latencyMs: { byService: { rds: 400 } } }));

  it("a session with a call in flight is not evicted for capacity; it goes when the call ends (issue 22.7)", async () => {
    const reasons: Array<[string, EvictReason, number]> = [];
    const manager = new SessionManager({ base, maxSessions: 1, onEvict: (e, r) => reasons.push([e.accountId, r, e.inFlight]) });
    const a = manager.get(arn("200000000001"));
    const call = groups(a);
    await vi.waitFor(() => expect(manager.stats().inFlight).toBe(1), { interval: 5 });
    expect([...manager.entries()][0]?.inFlight).toBe(1);
    manager.get(arn("200000000002")); // over capacity, and the only other session is busy: it stays
    expect(reasons).toEqual([]);
    expect(manager.stats()).toMatchObject({ sessions: 2, overCapacity: 1, draining: 0, inFlight: 1 });
    expect(await call).toBe(3);
    expect(reasons).toEqual([["200000000001", "capacity", 0]]);
    expect(manager.stats()).toMatchObject({ sessions: 1, overCapacity: 0, draining: 0 });
    await manager.close();
  });

  it("close() waits for the calls in flight, then closes every session", async () => {
    const manager = new SessionManager({ base });
    const order: string[] = [];
    const call = groups(manager.get(arn("200000000001"))).then((n) => order.push(`call ${n}`));
    await vi.waitFor(() => expect(manager.stats().inFlight).toBe(1), { interval: 5 });
    await manager.close().then(() => order.push("closed"));
    await call;
    expect(order).toEqual(["call 3", "closed"]);
    expect(manager.stats()).toMatchObject({ sessions: 0, draining: 0, evicted: { closed: 1 } });
  });
});

describe("SessionManager idle expiry", () => {
  beforeEach(() => open());

  it("closes sessions idle longer than idleTimeoutMs (fake timers), keeps used ones, and stops its timer when empty", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    const evicted: Array<[string, EvictReason]> = [];
    const manager = new SessionManager({ base, idleTimeoutMs: 60_000, onEvict: (e, r) => evicted.push([e.accountId, r]) });
    manager.get(arn("200000000001"));
    vi.advanceTimersByTime(30_000);
    manager.get(arn("200000000002"));
    vi.advanceTimersByTime(30_000);
    expect(evicted).toEqual([["200000000001", "idle"]]);
    expect([...manager.entries()].map((e) => e.accountId)).toEqual(["200000000002"]);
    manager.get(arn("200000000002")); // used again at 60 s: idle until 120 s
    vi.advanceTimersByTime(59_000);
    expect(evicted).toHaveLength(1);
    vi.advanceTimersByTime(31_000);
    expect(evicted).toEqual([["200000000001", "idle"], ["200000000002", "idle"]]);
    expect(manager.stats()).toMatchObject({ sessions: 0, evicted: { idle: 2 } });
    expect(vi.getTimerCount()).toBe(0);
    await manager.close();
  });

  it("a manager never keeps a process alive (its timer is unref'd)", async () => {
    const script = `
      import { CredentialSession, SessionManager } from "./dist/index.js";
      const base = new CredentialSession({ credentials: { accessKeyId: "AKIAFAKEUNREFTEST000", secretAccessKey: "FAKEsecret" }, region: "us-east-1" });
      const manager = new SessionManager({ base, idleTimeoutMs: 3_600_000 });
      manager.get("arn:aws:iam::200000000001:role/Audit");
      console.log(manager.stats().sessions);`;
    const started = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.setEncoding("utf8").on("data", (c: string) => (text += c));
      child.on("error", reject);
      child.on("close", (code) => resolve(`${code}:${text.trim()}`));
    });
    expect(out).toBe("0:1");
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
