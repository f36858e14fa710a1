// DynamoDBCredentialStore against moto's DynamoDB, KMS and STS (a server nobody here wrote):
// createTable makes the table and TTL (which moto, like AWS, supports) and is idempotent, as
// boto3 sees it; KMS envelope encryption round-trips and boto3's Scan finds no secret; an item
// moved to another key fails KMS's encryption-context check and is a miss with one warning;
// sessions of three "processes" share one AssumeRole; a dead lease holder's lease runs out.
import { DynamoDBClient, PutItemCommand, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession } from "../../src/index.js";
import { DynamoDBCredentialStore } from "../../src/stores/dynamodb.js";
import { MOTO_ACCOUNT, MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";

let moto: MotoServer;
let dynamodb: DynamoDBClient;
let kms: KMSClient;
let kmsKeyId = "";
beforeAll(async () => {
  moto = await startMoto();
  // Copies: the SDK marks a credentials object it is given ($source), which the session would refuse.
  const config = { endpoint: moto.endpoint, region: "us-east-1", credentials: { ...MOTO_KEYS } };
  dynamodb = new DynamoDBClient(config);
  kms = new KMSClient(config);
  kmsKeyId = (await kms.send(new CreateKeyCommand({ Description: "sessionfleet interop" }))).KeyMetadata!.KeyId!;
});
afterAll(async () => {
  dynamodb?.destroy();
  kms?.destroy();
  await moto?.close();
});

const ROLE = `arn:aws:iam::${MOTO_ACCOUNT}:role/FleetRole`;
const KEY = "d".repeat(64);
const store = (tableName: string, warnings: string[] = [], leaseMs = 2_000) =>
  new DynamoDBCredentialStore({ tableName, client: dynamodb, encryption: { kmsKeyId, kms }, leaseMs, onWarning: (m) => warnings.push(m) });
const entry = {
  accessKeyId: "ASIAFAKEMOTOSTORE001", secretAccessKey: "FAKEsecretMOTOSTORE", sessionToken: "FAKEtokenMOTOSTORE",
  expiration: new Date("2030-01-01T00:00:00.000Z"), roleArn: ROLE, accountId: MOTO_ACCOUNT,
};

describe("DynamoDBCredentialStore on moto", () => {
  it("createTable: partition key \"key\" (S), TTL on expiresAt, idempotent (as boto3 sees it)", async () => {
    expect(await store("interop-table").createTable()).toEqual({ created: true, ttl: "enabled" });
    expect(await store("interop-table").createTable()).toEqual({ created: false, ttl: "enabled" });
    const seen = JSON.parse(await moto.python(`
import boto3, json
c = boto3.client("dynamodb")
t = c.describe_table(TableName="interop-table")["Table"]
ttl = c.describe_time_to_live(TableName="interop-table")["TimeToLiveDescription"]
print(json.dumps({"key": t["KeySchema"], "attrs": t["AttributeDefinitions"], "ttl": [ttl["TimeToLiveStatus"], ttl["AttributeName"]]}))
`)) as Record<string, unknown>;
    expect(seen).toEqual({ key: [{ AttributeName: "key", KeyType: "HASH" }], attrs: [{ AttributeName: "key", AttributeType: "S" }], ttl: ["ENABLED", "expiresAt"] });
  });

  it("KMS envelope encryption round-trips; boto3's Scan shows role, account, expiry seconds and no secret", async () => {
    const s = store("interop-kms");
    await s.createTable();
    await s.set(KEY, entry);
    expect(await s.get(KEY)).toEqual(entry);
    const scanned = await moto.python(`
import boto3, base64, json
items = boto3.client("dynamodb").scan(TableName="interop-kms")["Items"]
def plain(v):
    if "B" in v: return {"B": base64.b64encode(v["B"]).decode()}
    return v
print(json.dumps([{k: plain(v) for k, v in i.items()} for i in items]))
`);
    const items = JSON.parse(scanned) as Record<string, Record<string, string>>[];
    expect(items).toHaveLength(1);
    expect(items[0]!.expiresAt).toEqual({ N: String(Date.parse("2030-01-01T00:00:00Z") / 1000) });
    expect(items[0]!.roleArn).toEqual({ S: ROLE });
    expect(items[0]!.alg).toEqual({ S: "kms-aes256gcm" });
    const raw = JSON.stringify(items) + Buffer.from(JSON.stringify(items)).toString("latin1");
    for (const secret of ["ASIAFAKEMOTOSTORE001", "FAKEsecretMOTOSTORE", "FAKEtokenMOTOSTORE"]) {
      expect(raw).not.toContain(secret);
      expect(Buffer.from(items[0]!.ct!.B!, "base64").toString("latin1")).not.toContain(secret);
    }
  });

  it("an item moved to another key is refused (KMS encryption context / GCM AAD): a miss with one warning", async () => {
    const warnings: string[] = [];
    const s = store("interop-kms", warnings);
    const item = (await dynamodb.send(new GetItemCommand({ TableName: "interop-kms", Key: { key: { S: KEY } } }))).Item!;
    const other = "e".repeat(64);
    await dynamodb.send(new PutItemCommand({ TableName: "interop-kms", Item: { ...item, key: { S: other } } }));
    expect(await s.get(other)).toBeUndefined();
    expect(await s.get(other)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("could not be opened");
  });

  it("a store with another KMS key: Decrypt refuses (KeyId given), a miss with one warning", async () => {
    const otherKey = (await kms.send(new CreateKeyCommand({ Description: "sessionfleet interop, other" }))).KeyMetadata!.KeyId!;
    const warnings: string[] = [];
    const other = new DynamoDBCredentialStore({ tableName: "interop-kms", client: dynamodb, encryption: { kmsKeyId: otherKey, kms }, onWarning: (m) => warnings.push(m) });
    expect(await other.get(KEY)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be opened \((IncorrectKeyException|InvalidCiphertextException|AccessDeniedException)/);
  });

  it("three sessions (three processes' worth): the first takes the lease, the others get its entry from moto — one AssumeRole", async () => {
    await store("interop-fleet").createTable();
    // moto 5 checks a condition and writes in two steps without a lock (dynamodb/models
    // update_item, on a threaded server), so two UpdateItems at the same instant can both win
    // there; AWS's single-item writes are atomic. So the others start once the first holds the
    // lease; the same-instant race is tested against dynalite (test/store/dynamodb-fleet.test.ts).
    let leased!: () => void;
    const holding = new Promise<void>((resolve) => (leased = resolve));
    const first = store("interop-fleet");
    const hooked = {
      get: (k: string) => first.get(k), set: (k: string, e: Parameters<typeof first.set>[1]) => first.set(k, e), delete: (k: string) => first.delete(k),
      acquire: async (k: string, r: Parameters<typeof first.acquire>[1]) => {
        const lease = await first.acquire(k, r);
        leased();
        return lease;
      },
    };
    const session = (cache: typeof hooked | DynamoDBCredentialStore) => new CredentialSession({ ...MOTO_KEYS, region: "us-east-1", clientConfig: { endpoint: moto.endpoint }, cache });
    const runs = [session(hooked)];
    try {
      const firstKeys = runs[0]!.assumeRole(ROLE).getCredentials();
      await holding;
      runs.push(session(store("interop-fleet")), session(store("interop-fleet")));
      const keys = [await firstKeys, ...(await Promise.all(runs.slice(1).map((r) => r.assumeRole(ROLE).getCredentials())))];
      // moto issues a new random key id for every AssumeRole: one key id means one call.
      expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(1);
      expect(keys[0]!.accessKeyId).toMatch(/^ASIA/);
    } finally {
      for (const r of runs) await r.close();
    }
  });

  it("conditional writes on moto: the lease is exclusive, and a dead holder's runs out after leaseMs", async () => {
    const leaseMs = 500;
    await store("interop-lease").createTable();
    const freshUntil = new Date(Date.now() + 300_000);
    const started = Date.now(); // before the dead holder's lease was taken: it ends leaseMs after that
    const dead = await store("interop-lease", [], leaseMs).acquire(KEY, { roleArn: ROLE, freshUntil });
    expect(dead.entry).toBeUndefined();
    const next = await store("interop-lease", [], leaseMs).acquire(KEY, { roleArn: ROLE, freshUntil });
    expect(next.entry).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(leaseMs);
    expect(Date.now() - started).toBeLessThan(leaseMs + 5_000);
    // The new holder's entry ends its lease; an older entry never replaces it.
    const s = store("interop-lease");
    await s.set(KEY, entry);
    await s.set(KEY, { ...entry, accessKeyId: "ASIAFAKEMOTOOLDER001", expiration: new Date("2029-01-01T00:00:00.000Z") });
    expect((await s.get(KEY))?.accessKeyId).toBe("ASIAFAKEMOTOSTORE001");
    const item = (await dynamodb.send(new GetItemCommand({ TableName: "interop-lease", Key: { key: { S: KEY } }, ConsistentRead: true }))).Item!;
    expect(item.leaseOwner).toBeUndefined();
  });
});
