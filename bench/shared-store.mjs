// The shared DynamoDB store (issue 24): AssumeRole calls and time to first request for
// P processes × R roles with and without the store, against the sandbox with latency; and the
// store's own cost per session (a consistent GetItem and an AES-GCM open) against an AssumeRole.
//   npm run build && node bench/shared-store.mjs [--processes 20] [--roles 10] [--rounds 2]
// The sandbox and dynalite run in this process; each fleet process is a fresh Node process.
// Prints a Markdown block for docs/performance.md. Wall times on a shared machine are noisy:
// the counts are the point, the times an order of magnitude.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { startSandbox } from "../dist/sandbox/index.js";
import { DynamoDBCredentialStore } from "../dist/stores/dynamodb.js";

const { values } = parseArgs({ options: { processes: { type: "string", default: "20" }, roles: { type: "string", default: "10" }, rounds: { type: "string", default: "2" } } });
const P = Number(values.processes), R = Number(values.roles), ROUNDS = Number(values.rounds);
const LATENCY = { default: 20, byService: { sts: 40 }, firstRequestOnConnection: 60 };
const accounts = Array.from({ length: R }, (_, i) => ({ id: `3000000000${String(i).padStart(2, "0")}`, name: `bench-${i}` }));
const roles = accounts.map((a) => `arn:aws:iam::${a.id}:role/OrganizationAccountAccessRole`);
const sb = await startSandbox({ accounts, latencyMs: LATENCY });
const dynalite = createRequire(import.meta.url)("dynalite")({ createTableMs: 0 });
await new Promise((resolve) => dynalite.listen(0, "127.0.0.1", resolve));
const dynamoEndpoint = `http://127.0.0.1:${dynalite.address().port}`;
const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "AKIAFAKEBENCHSTORE01", secretAccessKey: "FAKE" } });
const KEY = randomBytes(32);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function fleet(table) {
  const children = Array.from({ length: P }, () => {
    const child = spawn(process.execPath, [new URL("./shared-store-child.mjs", import.meta.url).pathname], {
      stdio: ["pipe", "pipe", "inherit"],
      env: {
        PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", AWS_CONFIG_FILE: "/nonexistent", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
        AWS_ENDPOINT_URL: sb.endpoint, AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1",
        BENCH_ROLES: roles.join(","), BENCH_DYNAMODB_ENDPOINT: dynamoEndpoint, BENCH_KEY: KEY.toString("base64"), ...(table && { BENCH_TABLE: table }),
      },
    });
    let out = "";
    const ready = new Promise((resolve) => child.stdout.on("data", (d) => { out += d; if (out.includes("READY\n")) resolve(); }));
    const done = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, ready, done, out: () => out };
  });
  await Promise.all(children.map((c) => c.ready));
  sb.resetStats();
  const load = loadavg()[0];
  for (const c of children) c.child.stdin.end("go\n");
  const codes = await Promise.all(children.map((c) => c.done));
  if (codes.some((c) => c !== 0)) throw new Error(`a fleet process failed: ${codes}`);
  const reports = children.map((c) => JSON.parse(c.out().trim().split("\n").at(-1)));
  const calls = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.calls)) calls[k] = (calls[k] ?? 0) + v;
  return { assumeRole: sb.stats().assumeRole.total, first: reports.map((r) => r.firstMs), all: reports.map((r) => r.allMs), cpu: reports.map((r) => r.cpuMs), calls, load };
}

const rows = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of ["without store", "with store"]) {
    let table;
    if (mode === "with store") {
      table = `bench-${round}-${Date.now()}`;
      await new DynamoDBCredentialStore({ tableName: table, client, encryption: { key: KEY } }).createTable();
    }
    const r = await fleet(table);
    rows.push({ mode, round, ...r });
    process.stderr.write(`${mode} round ${round}: AssumeRole ${r.assumeRole}, first ms median ${median(r.first)}, all ms median ${median(r.all)}\n`);
  }
}

// The store's own cost per session: a consistent GetItem of a stored entry and its AES-GCM open
// (store.get), next to a raw GetItem and an AssumeRole, one at a time, N each.
const N = 100;
const table = `bench-latency-${Date.now()}`;
const store = new DynamoDBCredentialStore({ tableName: table, client, encryption: { key: KEY } });
await store.createTable();
const sts = new STSClient({ endpoint: sb.endpoint, region: "us-east-1", credentials: sb.credentials });
const issued = (await sts.send(new AssumeRoleCommand({ RoleArn: roles[0], RoleSessionName: "bench" }))).Credentials;
await store.set("c".repeat(64), { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken, expiration: issued.Expiration, roleArn: roles[0] });
const time = async (fn) => { const out = []; for (let i = 0; i < N; i++) { const t = performance.now(); await fn(); out.push(performance.now() - t); } return out; };
const get = await time(() => store.get("c".repeat(64)));
const raw = await time(() => client.send(new GetItemCommand({ TableName: table, Key: { key: { S: "c".repeat(64) } }, ConsistentRead: true })));
const assume = await time(() => sts.send(new AssumeRoleCommand({ RoleArn: roles[0], RoleSessionName: "bench" })));
const f = (xs) => `${median(xs).toFixed(1)} / ${pct(xs, 0.9).toFixed(1)}`;

const lines = [
  `Run: ${new Date().toISOString().slice(0, 19)}Z, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model?.trim()}; ${P} processes × ${R} roles, all started at a barrier; sandbox latency ${JSON.stringify(LATENCY)} ms (an STS call ≈ 60 ms, +60 ms on a new connection); dynalite in the bench process (no added latency). Load average (1 min) at the start of each run shown.`,
  "",
  "| run | AssumeRole | first credentials ms (median / p90 / max) | all roles ms (median / max) | CPU ms per process (median) | DynamoDB calls (all processes) | load |",
  "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
  ...rows.map((r) => `| ${r.mode}, round ${r.round} | ${r.assumeRole} | ${median(r.first)} / ${pct(r.first, 0.9)} / ${Math.max(...r.first)} | ${median(r.all)} / ${Math.max(...r.all)} | ${median(r.cpu)} | ${Object.entries(r.calls).sort().map(([k, v]) => `${k.replace("Command", "")} ${v}`).join(", ") || "-"} | ${r.load.toFixed(2)} |`),
  "",
  `Per session, one at a time, ${N} each (median / p90 ms): \`store.get\` (consistent GetItem + AES-GCM open) ${f(get)}; raw consistent GetItem ${f(raw)}; AssumeRole against the sandbox ${f(assume)}.`,
];
console.log(lines.join("\n"));
sts.destroy();
client.destroy();
await new Promise((resolve) => dynalite.close(resolve));
await sb.close();
