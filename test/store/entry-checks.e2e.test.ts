// What a store hands back is checked before use (issues 20.B8 and 21.5): a store that
// serialises gives `expiration` as an ISO string or epoch ms and must still be used; a malformed
// entry is a miss with one warning, never a failed target; an entry that holds another role's or
// account's credentials (forged, or copied) is a miss and is overwritten.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, type CacheOption, type CredentialStore } from "../../src/index.js";
import { MALFORMED_ENTRY_WARNING } from "../../src/credentials/store-entry.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

const ROLE = "OrganizationAccountAccessRole";
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;
let sb: Sandbox;
let pool: ConnectionPool;
let dir: string;
const sessions: CredentialSession[] = [];
const warnings: { message: string; code?: string }[] = [];
const onWarning = (w: Error & { code?: string }) => void warnings.push({ message: w.message, ...(w.code !== undefined && { code: w.code }) });

beforeEach(async () => {
  sb = await startSandbox();
  pool = new ConnectionPool();
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-entry-checks-"));
  process.env.SESSIONFLEET_CACHE_DIR = dir;
  warnings.length = 0;
  process.on("warning", onWarning);
});
afterEach(async () => {
  process.off("warning", onWarning);
  for (const s of sessions.splice(0)) await s.close();
  pool.destroy();
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(cache: CacheOption = "file"): CredentialSession {
  const s = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool, cache });
  sessions.push(s);
  return s;
}
const assumeCalls = () => sb.stats().assumeRole.total;
/** A store that keeps JSON text, as a file, Redis or DynamoDB store would; `rewrite` edits what it reads back. */
function jsonStore(rewrite: (entry: Record<string, unknown>) => unknown = (e) => e): CredentialStore & { texts: Map<string, string> } {
  const texts = new Map<string, string>();
  return {
    texts,
    get: async (k) => {
      const t = texts.get(k);
      return t === undefined ? undefined : rewrite(JSON.parse(t) as Record<string, unknown>) as never;
    },
    set: async (k, e) => void texts.set(k, JSON.stringify(e)),
    delete: async (k) => void texts.delete(k),
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("a store that serialises (20.B8)", () => {
  it("an ISO-string expiration is used: one AssumeRole for two runs, no TypeError", async () => {
    const store = jsonStore();
    const first = await run(store).assumeRole(arn("200000000001")).getCredentials();
    const second = await run(store).assumeRole(arn("200000000001")).getCredentials();
    expect(second.accessKeyId).toBe(first.accessKeyId);
    expect(second.expiration?.getTime()).toBe(first.expiration?.getTime());
    expect(assumeCalls()).toBe(1);
  });

  it("an epoch-ms expiration is used", async () => {
    const store = jsonStore((e) => ({ ...e, expiration: Date.parse(e.expiration as string) }));
    const first = await run(store).assumeRole(arn("200000000001")).getCredentials();
    expect((await run(store).assumeRole(arn("200000000001")).getCredentials()).accessKeyId).toBe(first.accessKeyId);
    expect(assumeCalls()).toBe(1);
  });

  it("a malformed entry is a miss with one warning, and the target still gets credentials", async () => {
    const store = jsonStore((e) => ({ ...e, expiration: "soon" }));
    await run(store).assumeRole(arn("200000000001")).getCredentials();
    const a = await run(store).assumeRole(arn("200000000001")).getCredentials();
    const b = await run(store).assumeRole(arn("200000000001")).getCredentials();
    expect(a.accessKeyId).toMatch(/^ASIA/);
    expect(b.accessKeyId).toMatch(/^ASIA/);
    expect(assumeCalls()).toBe(3);
    await tick();
    expect(warnings.filter((w) => w.code === MALFORMED_ENTRY_WARNING)).toHaveLength(1);
    expect(warnings[0]!.message).not.toContain(a.secretAccessKey);
  });
});

describe("forged entries (21.5)", () => {
  const files = () => readdirSync(dir).filter((f) => f.endsWith(".json"));

  it("a file holding another account's credentials under this role's key is a miss and is overwritten", async () => {
    const victim = await run().assumeRole(arn("200000000001")).getCredentials();
    const [victimFile] = files();
    const other = await run().assumeRole(arn("200000000002")).getCredentials();
    const otherFile = files().find((f) => f !== victimFile)!;
    // The attacker (or a bug) copies account 2's file over account 1's, fixing up our fields.
    const forged = JSON.parse(readFileSync(join(dir, otherFile), "utf8"));
    forged.Sessionfleet.Key = victimFile!.slice(0, -".json".length);
    writeFileSync(join(dir, victimFile!), JSON.stringify(forged), { mode: 0o600 });
    const got = await run().assumeRole(arn("200000000001")).getCredentials();
    expect(got.accessKeyId).not.toBe(other.accessKeyId);
    expect(got.accessKeyId).not.toBe(victim.accessKeyId);
    expect(assumeCalls()).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, victimFile!), "utf8")).Credentials.AccessKeyId).toBe(got.accessKeyId);
  });

  it("the role ARN and account fields are not enough: AssumedRoleUser must name the same account and role", async () => {
    const other = await run().assumeRole(arn("200000000002")).getCredentials();
    const store = jsonStore();
    await run(store).assumeRole(arn("200000000001")).getCredentials();
    const [key] = [...store.texts.keys()];
    const entry = JSON.parse(store.texts.get(key!)!);
    // Account 2's credentials, labelled as account 1's, but STS's own AssumedRoleUser says account 2.
    store.texts.set(key!, JSON.stringify({
      ...entry, accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey, sessionToken: other.sessionToken,
      assumedRoleUser: { ...entry.assumedRoleUser, arn: entry.assumedRoleUser.arn.replace("200000000001", "200000000002") },
    }));
    const got = await run(store).assumeRole(arn("200000000001")).getCredentials();
    expect(got.accessKeyId).not.toBe(other.accessKeyId);
    expect(assumeCalls()).toBe(3);
    expect(JSON.parse(store.texts.get(key!)!).accessKeyId).toBe(got.accessKeyId);
  });

  it("an entry for another role ARN or account is a miss", async () => {
    for (const change of [{ roleArn: arn("200000000002") }, { accountId: "200000000002" }]) {
      const store = jsonStore((e) => ({ ...e, ...change }));
      const before = assumeCalls();
      await run(store).assumeRole(arn("200000000001")).getCredentials();
      await run(store).assumeRole(arn("200000000001")).getCredentials();
      expect(assumeCalls() - before).toBe(2);
    }
    await tick();
    expect(warnings).toEqual([]);
  });
});
