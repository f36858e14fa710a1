// The cache option of CredentialSession against the sandbox: a file cache shared by two
// sessions (two runs) makes one AssumeRole and asks for an MFA code once; a corrupt file costs
// one AssumeRole and is rewritten; every input of AssumeRole is part of the key; an ExpiredToken
// answer is not answered from the store; base credentials are never written.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FileCredentialStore, MemoryCredentialStore, type CacheOption, type CredentialStore } from "../../src/index.js";
import { demoOrganization, startSandbox, type Sandbox } from "../../src/sandbox/index.js";

const ROLE = "OrganizationAccountAccessRole";
const arn = (account: string, role = ROLE) => `arn:aws:iam::${account}:role/${role}`;
let sb: Sandbox;
let pool: ConnectionPool;
let dir: string;
const sessions: CredentialSession[] = [];

beforeEach(async () => {
  sb = await startSandbox();
  pool = new ConnectionPool();
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-session-cache-"));
  process.env.SESSIONFLEET_CACHE_DIR = dir;
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  pool.destroy();
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A new base session, as a new run of a script would make it. */
function run(cache: CacheOption = "file", extra: { region?: string; secret?: string } = {}): CredentialSession {
  const s = new CredentialSession({
    credentials: { ...sb.credentials, ...(extra.secret !== undefined && { secretAccessKey: extra.secret }) },
    region: extra.region ?? "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool, cache,
  });
  sessions.push(s);
  return s;
}
const assumeCalls = () => sb.stats().assumeRole.total;
const files = () => readdirSync(dir).filter((f) => f.endsWith(".json"));
const describeGroups = async (s: CredentialSession) => (await s.client(RDSClient).send(new DescribeOptionGroupsCommand({}))).OptionGroupsList?.length;

describe("CredentialSession cache: \"file\"", () => {
  it("a second run reuses the first run's credentials: 0 AssumeRole, same key id, one 0600 file per role", async () => {
    const first = run().assumeRole(arn("200000000001"));
    expect(await describeGroups(first)).toBe(3);
    const issued = (await first.getCredentials()).accessKeyId;
    expect(assumeCalls()).toBe(1);
    expect(files()).toHaveLength(1);
    const second = run().assumeRole(arn("200000000001"));
    expect(await describeGroups(second)).toBe(3);
    expect((await second.getCredentials()).accessKeyId).toBe(issued);
    expect(assumeCalls()).toBe(1);
    // The base keys are never written: only the role's file, and it holds no caller secret.
    const text = readFileSync(join(dir, files()[0]!), "utf8");
    expect(text).not.toContain(sb.credentials.secretAccessKey);
    expect(text).not.toContain(sb.credentials.accessKeyId);
  });

  it("the demo's MFA role asks for the code once across two runs", async () => {
    const { roles } = demoOrganization();
    const mfa = roles!.find((r) => r.mfaSerial !== undefined)!;
    let asked = 0;
    const tokenCode = async () => (asked++, mfa.mfaCode!);
    const options = { roleArn: arn(mfa.accountId, mfa.roleName), serialNumber: mfa.mfaSerial!, tokenCode };
    await run().assumeRole(options).getCredentials();
    await run().assumeRole({ ...options, tokenCode: async () => (asked++, "000000") }).getCredentials();
    expect(asked).toBe(1);
    expect(assumeCalls()).toBe(1);
  });

  it("a corrupt cache file costs one AssumeRole and is rewritten", async () => {
    await run().assumeRole(arn("200000000002")).getCredentials();
    const path = join(dir, files()[0]!);
    writeFileSync(path, "{\"Credentials\": {\"AccessKeyId\": \"ASIA", { mode: 0o600 });
    const again = await run().assumeRole(arn("200000000002")).getCredentials();
    expect(assumeCalls()).toBe(2);
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file.Credentials.AccessKeyId).toBe(again.accessKeyId);
    expect(files()).toHaveLength(1);
  });

  it("an entry with no more than the refresh window (5 min) left is not used", async () => {
    await run().assumeRole(arn("200000000001")).getCredentials();
    const path = join(dir, files()[0]!);
    const file = JSON.parse(readFileSync(path, "utf8"));
    file.Credentials.Expiration = new Date(Date.now() + 4 * 60_000).toISOString();
    writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
    await run().assumeRole(arn("200000000001")).getCredentials();
    expect(assumeCalls()).toBe(2);
    expect(Date.parse(JSON.parse(readFileSync(path, "utf8")).Credentials.Expiration)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it("each input that changes the credentials changes the key", async () => {
    const base = run();
    const variants = [
      { roleArn: arn("200000000001") },
      { roleArn: arn("200000000001"), sessionName: "named" },
      { roleArn: arn("200000000001"), durationSeconds: 900 },
      { roleArn: arn("200000000001"), policy: "{\"Version\":\"2012-10-17\",\"Statement\":[]}" },
      { roleArn: arn("200000000001"), tags: { team: "a" } },
      { roleArn: arn("200000000001"), stsRegion: "us-west-2" },
      { roleArn: arn("200000000004") },
    ];
    for (const v of variants) await base.assumeRole(v).getCredentials();
    await run("file", { region: "eu-west-1" }).assumeRole(arn("200000000001")).getCredentials();
    expect(files()).toHaveLength(variants.length + 1);
    expect(assumeCalls()).toBe(variants.length + 1);
    // The same inputs again, from a new run: all from the files.
    for (const v of variants) await run().assumeRole(v).getCredentials();
    expect(assumeCalls()).toBe(variants.length + 1);
  });

  it("a wrong secret with the right key id does not get the right secret's credentials", async () => {
    await run().assumeRole(arn("200000000001")).getCredentials();
    await expect(run("file", { secret: "FAKEwrongSECRETnotREAL2222222222222222222" }).assumeRole(arn("200000000001")).getCredentials()).rejects.toMatchObject({ code: "ERR_ASSUME_ROLE" });
  });

  it("an ExpiredToken answer is not answered from the store: one refresh through STS, and the file replaced", async () => {
    const first = run().assumeRole(arn("200000000001"));
    await describeGroups(first);
    const second = run().assumeRole(arn("200000000001"));
    await describeGroups(second);
    expect(assumeCalls()).toBe(1);
    sb.expireAll();
    expect(await describeGroups(second)).toBe(3);
    expect(assumeCalls()).toBe(2);
    // The other run gets the refreshed credentials from the file (its own held ones are refused once).
    expect(await describeGroups(first)).toBe(3);
    expect(assumeCalls()).toBe(2);
  });

  it("children inherit the cache; role chains key on the parent role", async () => {
    const chain = (s: CredentialSession) => s.assumeRole(arn("200000000001")).assumeRole(arn("200000000004"));
    await chain(run()).getCredentials();
    expect(files()).toHaveLength(2);
    await chain(run()).getCredentials();
    expect(assumeCalls()).toBe(2);
  });
});

describe("CredentialSession cache: \"memory\" and custom stores", () => {
  it("\"memory\" (the default) writes nothing and shares nothing between sessions", async () => {
    await run("memory").assumeRole(arn("200000000001")).getCredentials();
    const plain = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool });
    sessions.push(plain);
    await plain.assumeRole(arn("200000000001")).getCredentials();
    expect(assumeCalls()).toBe(2);
    expect(files()).toEqual([]);
  });

  it("a store object gets get/set with hex keys and entries that name the role", async () => {
    const inner = new MemoryCredentialStore();
    const calls: string[] = [];
    const store: CredentialStore = {
      get: async (k) => (calls.push(`get ${k.length}`), inner.get(k)),
      set: async (k, e) => (calls.push(`set ${e.roleArn} ${e.accountId} ${e.assumedRoleUser?.arn}`), inner.set(k, e)),
      delete: async (k) => (calls.push("delete"), inner.delete(k)),
    };
    await run(store).assumeRole(arn("200000000001")).getCredentials();
    await run(store).assumeRole(arn("200000000001")).getCredentials();
    expect(calls).toEqual([
      "get 64",
      `set ${arn("200000000001")} 200000000001 arn:aws:sts::200000000001:assumed-role/${ROLE}/${calls[1]?.split("/").pop()}`,
      "get 64",
    ]);
    expect(assumeCalls()).toBe(1);
    expect(inner.size).toBe(1);
  });

  it("a bad cache option is refused before any call", () => {
    expect(() => run("disk" as CacheOption)).toThrow(/Invalid cache: "disk"; expected "memory", "file" or a CredentialStore/);
    expect(() => run({ get: async () => undefined } as unknown as CacheOption)).toThrow(/Invalid cache/);
    expect(sb.stats().requests).toBe(0);
  });

  it("an unsafe cache directory is refused with a clear error", async () => {
    const store = new FileCredentialStore({ dir: join(dir, "open") });
    await store.checkDirectory(true);
    const { chmodSync } = await import("node:fs");
    chmodSync(store.dir, 0o777);
    await expect(run(store).assumeRole(arn("200000000001")).getCredentials()).rejects.toThrow(/Refusing the credential cache .*mode 0777/);
    expect(assumeCalls()).toBe(0);
  });
});
