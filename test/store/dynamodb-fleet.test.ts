// A fleet of real processes (test/store/fixtures/fleet-child.mjs, on the built package) sharing
// one DynamoDB store (dynalite, in this process) and one sandbox STS: 6 processes × 4 roles make
// 4 AssumeRole; the table holds none of the issued secrets; a lease holder killed mid-assumption
// delays the others by at most leaseMs; another key re-assumes; an unreachable table costs each
// process its own AssumeRole and one warning. Also: the core package never loads the DynamoDB
// or KMS client.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { ScanCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sandboxEnv, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { DynamoDBCredentialStore } from "../../src/stores/dynamodb.js";
import { startDynalite, type Dynalite } from "./dynalite.js";

const root = new URL("../..", import.meta.url).pathname;
const CHILD = new URL("./fixtures/fleet-child.mjs", import.meta.url).pathname;
const ROLES = ["200000000001", "200000000002", "200000000004", "200000000005"].map((a) => `arn:aws:iam::${a}:role/OrganizationAccountAccessRole`);
const KEY_A = randomBytes(32).toString("base64");

let sb: Sandbox;
let db: Dynalite;
let client: DynamoDBClient;
let table = "";
let n = 0;
beforeAll(async () => {
  // Some STS latency, so that processes started together really overlap in their AssumeRole.
  sb = await startSandbox({ latencyMs: { byService: { sts: 150 } } });
  db = await startDynalite();
  client = db.client();
});
afterAll(async () => {
  await db?.close();
  await sb?.close();
});
beforeEach(async () => {
  table = `fleet-${++n}`;
  await new DynamoDBCredentialStore({ tableName: table, client, encryption: { key: Buffer.from(KEY_A, "base64") } }).createTable();
  sb.resetStats();
});

interface Child { process: ChildProcess; stdout: string; stderr: string; done: Promise<number | null> }
function child(extra: Record<string, string> = {}): Child {
  const p = spawn(process.execPath, [CHILD], {
    cwd: root, stdio: [extra.FLEET_BARRIER ? "pipe" : "ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH, AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...sandboxEnv(sb),
      FLEET_ROLES: ROLES.join(","), FLEET_DYNAMODB_ENDPOINT: db.endpoint, FLEET_TABLE: table, FLEET_CACHE_KEY: KEY_A, FLEET_LEASE_MS: "10000", ...extra,
    },
  });
  const c: Child = { process: p, stdout: "", stderr: "", done: undefined as never };
  p.stdout!.on("data", (d: Buffer) => (c.stdout += d.toString()));
  p.stderr!.on("data", (d: Buffer) => (c.stderr += d.toString()));
  c.done = new Promise((resolve) => p.once("exit", (code) => resolve(code)));
  return c;
}
interface Report { ms: number; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }[] }
async function finish(c: Child): Promise<Report> {
  const code = await c.done;
  if (code !== 0) throw new Error(`child exited ${code}: ${c.stderr.slice(-2000)}`);
  return JSON.parse(c.stdout.trim().split("\n").at(-1)!) as Report;
}
/** Starts processes that wait at a barrier, and lets them all go at once when all are ready. */
async function together(count: number, extra: Record<string, string> = {}): Promise<Child[]> {
  const fleet = Array.from({ length: count }, () => child({ ...extra, FLEET_BARRIER: "1" }));
  await Promise.all(fleet.map((c) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a child was not ready within 30 s: ${c.stderr.slice(-1000)}`)), 30_000);
    const look = () => {
      if (c.stdout.includes("READY\n")) {
        clearTimeout(timer);
        resolve();
      }
    };
    c.process.stdout!.on("data", look);
    look();
  })));
  for (const c of fleet) c.process.stdin!.end("go\n");
  return fleet;
}
const warningsOf = (c: Child) => c.stderr.split("\n").filter((l) => l.includes("SESSIONFLEET_SHARED_STORE"));

describe("a fleet of processes sharing a DynamoDB store", () => {
  it("6 processes × 4 roles started together: 4 AssumeRole in all, the same keys everywhere, no secret in a raw Scan", async () => {
    const fleet = await together(6);
    const reports = await Promise.all(fleet.map(finish));
    expect(sb.stats().assumeRole.total).toBe(4);
    const keyIds = reports.map((r) => r.credentials.map((c) => c.accessKeyId).join(","));
    expect(new Set(keyIds).size).toBe(1);
    expect(fleet.flatMap(warningsOf)).toEqual([]);
    const items = (await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
    expect(items).toHaveLength(4);
    const dump = JSON.stringify(items, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v));
    const dumpB64 = JSON.stringify(items, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));
    for (const c of reports[0]!.credentials) {
      for (const secret of [c.accessKeyId, c.secretAccessKey, c.sessionToken]) {
        expect(dump).not.toContain(secret);
        expect(dumpB64).not.toContain(secret);
      }
    }
  });

  it("a lease holder killed mid-assumption (SIGKILL) delays the others by at most leaseMs", async () => {
    const leaseMs = 3_000;
    const holder = child({ FLEET_MODE: "hold", FLEET_LEASE_MS: String(leaseMs) });
    // Every role's lease is taken before the others start (a deadline, not a sleep).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the holder took no leases within 20 s: ${holder.stderr}`)), 20_000);
      holder.process.stdout!.on("data", () => {
        if (holder.stdout.split("\n").filter((l) => l === "LEASED").length === ROLES.length) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const leasedAt = Date.now();
    const others = Array.from({ length: 5 }, () => child({ FLEET_LEASE_MS: String(leaseMs) }));
    holder.process.kill("SIGKILL");
    const reports = await Promise.all(others.map(finish));
    const lastDone = Date.now();
    expect(await holder.done).toBe(null);
    // The holder never reached STS; one process per role took over when its lease ran out.
    expect(sb.stats().assumeRole.total).toBe(4);
    // Waited for the dead lease: none finished before it ran out, all within leaseMs of it
    // (plus process start and one AssumeRole, on a shared machine).
    expect(lastDone - leasedAt).toBeGreaterThanOrEqual(leaseMs - 100);
    expect(Math.max(...reports.map((r) => r.ms))).toBeLessThanOrEqual(leaseMs + 1_500);
    expect(new Set(reports.map((r) => r.credentials.map((c) => c.accessKeyId).join(","))).size).toBe(1);
  });

  it("a process with another encryption key re-assumes instead of failing, with one warning", async () => {
    await finish(child());
    expect(sb.stats().assumeRole.total).toBe(4);
    const other = child({ FLEET_CACHE_KEY: randomBytes(32).toString("base64") });
    const report = await finish(other);
    expect(report.credentials.map((c) => c.accessKeyId.startsWith("ASIA"))).toEqual([true, true, true, true]);
    expect(sb.stats().assumeRole.total).toBe(8);
    expect(warningsOf(other)).toHaveLength(1);
    expect(warningsOf(other)[0]).toContain("could not be opened");
  });

  it("the table unreachable: every process still succeeds, each with its own AssumeRole per role and one warning", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const fleet = await together(6, { FLEET_DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` });
    const reports = await Promise.all(fleet.map(finish));
    expect(reports.map((r) => r.credentials.length)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(sb.stats().assumeRole.total).toBe(24);
    expect(fleet.map((c) => warningsOf(c).length)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(warningsOf(fleet[0]!)[0]).toMatch(/cannot be used \(.*ECONNREFUSED.*\); assuming roles without it\./);
  });
});

describe("loading", () => {
  const loaded = async (code: string): Promise<string[]> => {
    const p = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    let out = "";
    p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => p.once("exit", resolve));
    return JSON.parse(out) as string[];
  };
  const probe = (imports: string) =>
    `import { createRequire } from "node:module"; ${imports}; const req = createRequire(import.meta.url);` +
    `console.log(JSON.stringify([...new Set(Object.keys(req.cache).map((k) => /@aws-sdk\\/(client-[a-z]+)\\//.exec(k)?.[1]).filter(Boolean))].sort()));`;

  it("importing \"sessionfleet\" (and making a session with a cache) loads neither the DynamoDB nor the KMS client", async () => {
    const withSession = await loaded(probe(`const { CredentialSession } = await import("sessionfleet"); new CredentialSession({ region: "us-east-1", cache: "file" })`));
    expect(withSession.filter((m) => m === "client-dynamodb" || m === "client-kms")).toEqual([]);
    const core = await loaded(probe(`await import("sessionfleet")`));
    expect(core.filter((m) => m === "client-dynamodb" || m === "client-kms")).toEqual([]);
  });

  it("require(\"sessionfleet/dynamodb\") works too (Node >= 20.19 requires ESM)", async () => {
    const p = spawn(process.execPath, ["-e", 'console.log(typeof require("sessionfleet/dynamodb").DynamoDBCredentialStore)'], { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    let out = "";
    p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => p.once("exit", resolve));
    expect(out.trim()).toBe("function");
  });

  it("\"sessionfleet/dynamodb\" loads the DynamoDB client and not KMS (imported only when a KMS key seals or opens an entry)", async () => {
    expect(await loaded(probe(`await import("sessionfleet/dynamodb")`))).toEqual(["client-dynamodb"]);
  });
});
