// DynamoDBCredentialStore against dynalite in this process: the table's shape, sealing (nothing
// secret in an item; an item moved, edited or sealed with another key is a miss with one
// warning), newer entries never replaced by older ones, the lease (one holder; the others get
// its entry; a dead holder's lease runs out), an unreachable table, and a session using it.
import { createServer } from "node:net";
import { GetItemCommand, PutItemCommand, ScanCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialSession, FleetError, type CredentialStoreEntry } from "../../src/index.js";
import { DynamoDBCredentialStore } from "../../src/stores/dynamodb.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { startDynalite, type Dynalite } from "./dynalite.js";

const KEY = "a".repeat(64);
const OTHER = "b".repeat(64);
const SECRET_KEY = Buffer.alloc(32, 7);
const ROLE = "arn:aws:iam::200000000001:role/OrganizationAccountAccessRole";
const entry = (overrides: Partial<CredentialStoreEntry> = {}): CredentialStoreEntry => ({
  accessKeyId: "ASIAFAKEDYNAMOSTORE1", secretAccessKey: "FAKEsecretDYNAMOSTORE", sessionToken: "FAKEtokenDYNAMOSTORE",
  expiration: new Date("2030-01-01T00:00:00.000Z"), roleArn: ROLE, accountId: "200000000001",
  assumedRoleUser: { arn: "arn:aws:sts::200000000001:assumed-role/OrganizationAccountAccessRole/s", assumedRoleId: "AROAFAKE:s" }, ...overrides,
});

let db: Dynalite;
let client: DynamoDBClient;
let table = "";
let n = 0;
beforeAll(async () => {
  db = await startDynalite();
  client = db.client();
});
afterAll(async () => db?.close());
beforeEach(async () => {
  table = `creds-${++n}`;
  await store().createTable();
});

function store(extra: { key?: Uint8Array; leaseMs?: number; warnings?: string[]; client?: DynamoDBClient; tableName?: string } = {}): DynamoDBCredentialStore {
  const warnings = extra.warnings;
  return new DynamoDBCredentialStore({
    tableName: extra.tableName ?? table, client: extra.client ?? client, encryption: { key: extra.key ?? SECRET_KEY }, leaseMs: extra.leaseMs ?? 2_000,
    onWarning: (m) => (warnings ?? []).push(m),
  });
}
const raw = async (key = KEY) => (await client.send(new GetItemCommand({ TableName: table, Key: { key: { S: key } }, ConsistentRead: true }))).Item;

describe("DynamoDBCredentialStore: table and items", () => {
  it("createTable is idempotent and says plainly that dynalite cannot enable TTL", async () => {
    const again = await store().createTable();
    expect(again.created).toBe(false);
    expect(again.ttl).toBe("unsupported");
    expect(again.message).toContain("This DynamoDB server cannot enable TTL (UnknownOperationException)");
    const fresh = await store({ tableName: "creds-new" }).createTable();
    expect(fresh.created).toBe(true);
  });

  it("keeps only ciphertext, role, account, expiry (epoch s) and format in the clear; get opens it", async () => {
    await store().set(KEY, entry());
    const item = (await raw())!;
    expect(Object.keys(item).sort()).toEqual(["accountId", "alg", "ct", "dk", "expiresAt", "iv", "key", "roleArn", "v"]);
    expect(item.expiresAt).toEqual({ N: String(Date.parse("2030-01-01T00:00:00Z") / 1000) });
    expect(item.v).toEqual({ N: "1" });
    expect(item.roleArn).toEqual({ S: ROLE });
    const all = JSON.stringify((await client.send(new ScanCommand({ TableName: table }))).Items, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v));
    for (const secret of ["ASIAFAKEDYNAMOSTORE1", "FAKEsecretDYNAMOSTORE", "FAKEtokenDYNAMOSTORE", "AROAFAKE:s"]) expect(all).not.toContain(secret);
    expect(await store().get(KEY)).toEqual(entry());
    expect(await store().get(OTHER)).toBeUndefined();
  });

  it("an item moved to another key, with an edited role or expiry, or sealed with another key is a miss with one warning", async () => {
    const warnings: string[] = [];
    const s = store({ warnings });
    await s.set(KEY, entry());
    const item = (await raw())!;
    // moved: the same bytes under another key
    await client.send(new PutItemCommand({ TableName: table, Item: { ...item, key: { S: OTHER } } }));
    expect(await s.get(OTHER)).toBeUndefined();
    // edited role / expiry in place
    await client.send(new PutItemCommand({ TableName: table, Item: { ...item, roleArn: { S: "arn:aws:iam::200000000001:role/Admin" } } }));
    expect(await s.get(KEY)).toBeUndefined();
    await client.send(new PutItemCommand({ TableName: table, Item: { ...item, expiresAt: { N: String(Number(item.expiresAt!.N) + 3600) } } }));
    expect(await s.get(KEY)).toBeUndefined();
    await client.send(new PutItemCommand({ TableName: table, Item: item }));
    expect(await s.get(KEY)).toEqual(entry());
    // another caller key
    const otherWarnings: string[] = [];
    expect(await store({ key: Buffer.alloc(32, 9), warnings: otherWarnings }).get(KEY)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^An item in creds-\d+ could not be opened \(Error: Unsupported state or unable to authenticate data\)/);
    expect(otherWarnings).toHaveLength(1);
  });

  it("an entry with less than the refresh window (5 min) left is not opened: a miss, no warning", async () => {
    const warnings: string[] = [];
    await store().set(KEY, entry({ expiration: new Date(Date.now() + 240_000) }));
    expect(await store({ warnings }).get(KEY)).toBeUndefined();
    await store().set(KEY, entry({ expiration: new Date(Date.now() + 600_000) }));
    expect((await store({ warnings }).get(KEY))?.accessKeyId).toBe("ASIAFAKEDYNAMOSTORE1");
    expect(warnings).toEqual([]);
  });

  it("never replaces a newer entry with an older one", async () => {
    const s = store();
    const later = entry({ accessKeyId: "ASIAFAKEDYNAMOLATER1", expiration: new Date("2030-01-01T01:00:00.000Z") });
    await s.set(KEY, later);
    await s.set(KEY, entry());
    expect((await s.get(KEY))?.accessKeyId).toBe("ASIAFAKEDYNAMOLATER1");
    await s.delete(KEY);
    expect(await raw()).toBeUndefined();
  });

  it("shows no key bytes through util.inspect, JSON.stringify or String()", async () => {
    const { inspect } = await import("node:util");
    const s = store();
    const shown = `${inspect(s, { depth: 5, showHidden: true })} ${JSON.stringify(s)} ${String(s)}`;
    expect(shown).not.toContain(SECRET_KEY.toString("hex").slice(0, 16));
    expect(shown).not.toContain("7, 7, 7, 7");
    expect(shown).not.toContain(SECRET_KEY.toString("base64").slice(0, 16));
  });

  it("refuses bad options before any call, without echoing key bytes", () => {
    const make = (o: Record<string, unknown>) => () => new DynamoDBCredentialStore({ tableName: "creds", client, encryption: { key: SECRET_KEY }, ...o } as never);
    expect(make({ tableName: "x" })).toThrow(FleetError);
    expect(make({ encryption: { key: Buffer.from("FAKEshortKEY") } })).toThrow(/Invalid encryption\.key: .*\(12 bytes\).*expected 32 bytes/);
    expect(make({ encryption: {} })).toThrow(/expected \{ key \}/);
    expect(make({ leaseMs: 5 })).toThrow(/Invalid leaseMs/);
    expect(make({ client: {} })).toThrow(/Invalid client/);
  });
});

describe("DynamoDBCredentialStore: lease", () => {
  it("one of many takes the lease; the others wait and get the holder's entry", async () => {
    const stores = [store(), store(), store(), store()];
    const freshUntil = new Date(Date.now() + 300_000);
    const leases = await Promise.all(stores.slice(0, 1).map((s) => s.acquire(KEY, { roleArn: ROLE, freshUntil })));
    expect(leases[0]!.entry).toBeUndefined();
    expect((await raw())?.leaseOwner?.S).toMatch(/^[0-9a-f]{24}$/);
    const waiting = stores.slice(1).map((s) => s.acquire(KEY, { roleArn: ROLE, freshUntil }));
    await stores[0]!.set(KEY, entry());
    await leases[0]!.release();
    const got = await Promise.all(waiting);
    expect(got.map((l) => l.entry?.accessKeyId)).toEqual(["ASIAFAKEDYNAMOSTORE1", "ASIAFAKEDYNAMOSTORE1", "ASIAFAKEDYNAMOSTORE1"]);
    expect((await raw())?.leaseOwner).toBeUndefined(); // the entry's put ended the lease
  });

  it("a holder that never comes back: its lease runs out after leaseMs and the next process takes it", async () => {
    const leaseMs = 300;
    const freshUntil = new Date(Date.now() + 300_000);
    const started = Date.now(); // before the dead holder's lease was taken: it ends leaseMs after that
    const dead = await store({ leaseMs }).acquire(KEY, { roleArn: ROLE, freshUntil });
    expect(dead.entry).toBeUndefined();
    const next = await store({ leaseMs }).acquire(KEY, { roleArn: ROLE, freshUntil });
    const waited = Date.now() - started;
    expect(next.entry).toBeUndefined();
    expect(waited).toBeGreaterThanOrEqual(leaseMs);
    expect(waited).toBeLessThan(leaseMs + 1_000);
    const owner = (await raw())?.leaseOwner?.S;
    await next.release();
    expect((await raw())?.leaseOwner).toBeUndefined();
    expect(owner).toBeDefined();
  });

  it("an entry sealed with another key does not stop the lease (it is replaced)", async () => {
    await store({ key: Buffer.alloc(32, 9) }).set(KEY, entry());
    const warnings: string[] = [];
    const lease = await store({ warnings }).acquire(KEY, { roleArn: ROLE, freshUntil: new Date(Date.now() + 300_000) });
    expect(lease.entry).toBeUndefined();
    await store().set(KEY, entry({ accessKeyId: "ASIAFAKEDYNAMONEWER1", expiration: new Date("2030-01-01T00:00:01.000Z") }));
    await lease.release();
    expect((await store().get(KEY))?.accessKeyId).toBe("ASIAFAKEDYNAMONEWER1");
    expect(warnings).toHaveLength(1);
  });
});

describe("DynamoDBCredentialStore with a session (sandbox STS)", () => {
  let sb: Sandbox;
  beforeAll(async () => (sb = await startSandbox()));
  afterAll(async () => sb?.close());
  const run = (cache: DynamoDBCredentialStore) =>
    new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, cache });

  it("two runs, three roles: three AssumeRole in all, and the second run gets the first run's keys", async () => {
    sb.resetStats();
    const roles = ["200000000001", "200000000002", "200000000004"].map((a) => `arn:aws:iam::${a}:role/OrganizationAccountAccessRole`);
    const first = run(store());
    const second = run(store());
    try {
      const a = await Promise.all(roles.map((r) => first.assumeRole(r).getCredentials()));
      const b = await Promise.all(roles.map((r) => second.assumeRole(r).getCredentials()));
      expect(sb.stats().assumeRole.total).toBe(3);
      expect(b.map((c) => c.accessKeyId)).toEqual(a.map((c) => c.accessKeyId));
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("concurrent first uses in two runs: one AssumeRole", async () => {
    sb.resetStats();
    const runs = [run(store()), run(store()), run(store())];
    try {
      const keys = await Promise.all(runs.map((s) => s.assumeRole(ROLE).getCredentials()));
      expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(1);
      expect(sb.stats().assumeRole.total).toBe(1);
    } finally {
      for (const s of runs) await s.close();
    }
  });

  for (const name of ["AccessDeniedException", "ProvisionedThroughputExceededException", "ResourceNotFoundException"]) {
    it(`a table that answers ${name}: the session assumes the role itself, with one warning`, async () => {
      let calls = 0;
      const refusing = { send: async () => { calls++; throw Object.assign(new Error(`FAKE ${name} from the table`), { name }); } } as unknown as DynamoDBClient;
      const warnings: string[] = [];
      const s = run(store({ client: refusing, warnings }));
      sb.resetStats();
      try {
        const roles = ["200000000001", "200000000002"].map((a) => `arn:aws:iam::${a}:role/OrganizationAccountAccessRole`);
        await Promise.all(roles.map((r) => s.assumeRole(r).getCredentials()));
        expect(sb.stats().assumeRole.total).toBe(2);
        expect(warnings).toEqual([`The shared credential store (DynamoDB table ${table}) cannot be used (${name}: FAKE ${name} from the table); assuming roles without it.`]);
        // After the first failure the table is skipped for leaseMs: no call per role and step.
        expect(calls).toBeLessThanOrEqual(2);
      } finally {
        await s.close();
      }
    });
  }

  it("a table that cannot be reached: the session assumes the role itself, with one warning", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
    const down = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "AKIAFAKEDOWN00000001", secretAccessKey: "FAKE" }, maxAttempts: 1 });
    const warnings: string[] = [];
    const s = run(store({ client: down, warnings }));
    sb.resetStats();
    try {
      const roles = ["200000000001", "200000000002"].map((a) => `arn:aws:iam::${a}:role/OrganizationAccountAccessRole`);
      const creds = await Promise.all(roles.map((r) => s.assumeRole(r).getCredentials()));
      expect(creds.map((c) => c.accessKeyId.startsWith("ASIA"))).toEqual([true, true]);
      expect(sb.stats().assumeRole.total).toBe(2);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^The shared credential store \(DynamoDB table creds-\d+\) cannot be used \(.*ECONNREFUSED.*\); assuming roles without it\.$/);
    } finally {
      await s.close();
      down.destroy();
    }
  });
});

