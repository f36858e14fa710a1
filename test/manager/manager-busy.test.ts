// SessionManager and busy sessions (issue 22.7): with maxSessions 2 and 5 tenants, onEvict once
// fired "capacity" for sessions with a call in flight; the docs say the least recently used
// *idle* session goes. And evicting a session threw its credentials away: 5 tenants over 2 slots,
// 30 requests made 30 AssumeRole calls. Counts are read on the sandbox.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionManager, type ConnectionPool, type CredentialSession, type EvictReason } from "../../src/index.js";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/index.js";
import { closeSandboxBase, openSandboxBase } from "./sandbox-base.js";

const ROLE = "OrganizationAccountAccessRole";
let sb: Sandbox;
let pool: ConnectionPool;
let base: CredentialSession;
async function open(options: SandboxOptions = {}): Promise<void> {
  ({ sb, pool, base } = await openSandboxBase(options));
}
afterEach(async () => {
  await closeSandboxBase({ sb, pool, base });
});
const tenant = (i: number) => ({ accountId: "200000000001", role: ROLE, sessionName: `tenant-${i}` });
const groups = async (s: CredentialSession) => (await s.client(RDSClient).send(new DescribeOptionGroupsCommand({}))).OptionGroupsList?.length;

describe("SessionManager never evicts a busy session", () => {
  it("5 tenants with calls in flight over maxSessions 2: no eviction while busy, overCapacity 3, back to 2 as calls end", async () => {
    await open({ latencyMs: { byService: { rds: 300 } } });
    const evictions: Array<[string, EvictReason, number]> = [];
    const manager = new SessionManager({ base, maxSessions: 2, onEvict: (e, r) => evictions.push([e.key.split("/").pop()!, r, e.inFlight]) });
    const calls = [0, 1, 2, 3, 4].map((i) => groups(manager.get(tenant(i))));
    await vi.waitFor(() => expect(manager.stats().inFlight).toBe(5), { interval: 5, timeout: 5_000 });
    expect(evictions).toEqual([]);
    expect(manager.stats()).toMatchObject({ sessions: 5, overCapacity: 3, draining: 0, maxSessions: 2 });
    expect(await Promise.all(calls)).toEqual([3, 3, 3, 3, 3]);
    expect(manager.stats()).toMatchObject({ sessions: 2, overCapacity: 0, inFlight: 0, evicted: { capacity: 3, idle: 0, closed: 0 } });
    expect(evictions).toHaveLength(3);
    expect(evictions.every(([, reason, inFlight]) => reason === "capacity" && inFlight === 0)).toBe(true);
    await manager.close();
  });

  it("a get() over the bound evicts the least recently used idle session, passing over busy ones", async () => {
    await open({ latencyMs: { byService: { rds: 300 } } });
    const evicted: string[] = [];
    const manager = new SessionManager({ base, maxSessions: 2, onEvict: (e) => evicted.push(e.key.split("/").pop()!) });
    const busy = groups(manager.get(tenant(0)));
    manager.get(tenant(1));
    await vi.waitFor(() => expect(manager.stats().inFlight).toBe(1), { interval: 5, timeout: 5_000 });
    manager.get(tenant(2));
    expect(evicted).toEqual(["tenant-1"]);
    expect(manager.stats()).toMatchObject({ sessions: 2, overCapacity: 0 });
    expect(await busy).toBe(3);
    await manager.close();
  });
});

describe("SessionManager and the session get() just returned", () => {
  it("a call ending elsewhere never evicts the session get() returned last (its caller may not have sent yet)", async () => {
    await open({ latencyMs: { byService: { rds: 300 } } });
    const evicted: string[] = [];
    const manager = new SessionManager({ base, maxSessions: 1, onEvict: (e) => evicted.push(e.key.split("/").pop()!) });
    const calls = [groups(manager.get(tenant(0))), groups(manager.get(tenant(1)))];
    await vi.waitFor(() => expect(manager.stats().inFlight).toBe(2), { interval: 5, timeout: 5_000 });
    const latest = manager.get(tenant(2));
    expect(await Promise.all(calls)).toEqual([3, 3]);
    expect(evicted).toEqual(["tenant-0", "tenant-1"]);
    expect([...manager.entries()].map((e) => e.key.split("/").pop())).toEqual(["tenant-2"]);
    expect(await groups(latest)).toBe(3);
    await manager.close();
  });
});

describe("SessionManager keeps evicted sessions' credentials", () => {
  it("5 tenants over 2 slots, 30 requests: 5 AssumeRole calls, not 30", async () => {
    await open();
    const manager = new SessionManager({ base, maxSessions: 2 });
    for (let r = 0; r < 30; r++) expect(await groups(manager.get(tenant(r % 5)))).toBe(3);
    expect(manager.stats()).toMatchObject({ sessions: 2, created: 30, evicted: { capacity: 28 } });
    expect(sb.stats().assumeRole.total).toBe(5);
    expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(30);
    await manager.close();
  });
});

describe("MemoryCredentialStore (the manager's own store) drops expired entries as it grows", () => {
  it("64 expired entries and one live: the next set sweeps the expired ones", async () => {
    const { MemoryCredentialStore } = await import("../../src/index.js");
    const store = new MemoryCredentialStore();
    const entry = (expiresIn: number) => ({ accessKeyId: "ASIAFAKEMEMSTORE0001", secretAccessKey: "FAKEmemSTORE", expiration: new Date(Date.now() + expiresIn), roleArn: `arn:aws:iam::200000000001:role/${ROLE}` });
    for (let i = 0; i < 63; i++) await store.set(i.toString(16).padStart(64, "0"), entry(-1000));
    expect(store.size).toBe(63);
    await store.set("f".repeat(64), entry(3600_000));
    expect(store.size).toBe(1);
    expect((await store.get("f".repeat(64)))?.accessKeyId).toBe("ASIAFAKEMEMSTORE0001");
  });
});
