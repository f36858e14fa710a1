// The CLI's file cache against a sandbox started here (the CLI reaches it by --endpoint-url and
// env keys): a second run makes no AssumeRole; `cache list` shows no secret; `cache clear`;
// --no-cache; an unsafe directory stops the run; processes sharing one directory never fail.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { leaks, startRecorder, type Recorder } from "../secrets/capture.js";
import { cleanEnv, ROOT, runCli } from "./run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
let sb: Sandbox;
let rec: Recorder;
let dir: string;

beforeAll(async () => {
  sb = await startSandbox();
  rec = await startRecorder(sb.endpoint);
});
afterAll(async () => {
  await rec?.close();
  await sb?.close();
});
beforeEach(() => {
  sb.resetStats();
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-cli-cache-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

const env = (cacheDir = dir) => cleanEnv({
  AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", SESSIONFLEET_CACHE_DIR: cacheDir,
});
const whoami = (accounts: string, extra: string[] = []) =>
  ["whoami", "--accounts", accounts, "--role", ROLE, "--regions", "us-east-1,eu-west-1", "--endpoint-url", rec.endpoint, "--format", "json", ...extra];
const files = () => readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("sessionfleet with the file cache", () => {
  it("a second run makes 0 AssumeRole calls; cache list shows key, role, account, expiry and no secret; cache clear empties it", async () => {
    const first = await runCli(whoami("200000000001,200000000002"), env());
    expect(first.code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(2);
    expect(files()).toHaveLength(2);
    sb.resetStats();
    const second = await runCli(whoami("200000000001,200000000002"), env());
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(sb.stats().assumeRole.total).toBe(0);
    expect(sb.stats().byAction["sts:GetCallerIdentity"]).toBe(4);

    const list = await runCli(["cache", "list"], env());
    const json = await runCli(["cache", "list", "--format", "json"], env());
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^KEY\s+ROLE ARN\s+ACCOUNT\s+EXPIRES$/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).slice(1, 3)).sort()).toEqual([
      [`arn:aws:iam::200000000001:role/${ROLE}`, "200000000001"], [`arn:aws:iam::200000000002:role/${ROLE}`, "200000000002"],
    ]);
    expect(lines[3]).toBe(`2 entries in ${dir}`);
    const doc = JSON.parse(json.stdout) as { dir: string; entries: Array<{ key: string; expired: boolean; expiration: string }> };
    expect(doc.entries.map((e) => `${e.key}.json`).sort()).toEqual(files().sort());
    expect(doc.entries.every((e) => !e.expired && Date.parse(e.expiration) > Date.now() + 50 * 60_000)).toBe(true);
    // Every credential STS issued in this file (learnt from the wire), and the caller's secret.
    const secrets = [...rec.issued, { kind: "caller secret key" as const, value: sb.credentials.secretAccessKey }];
    expect(rec.issued.filter((s) => s.kind === "issued session token")).toHaveLength(2);
    expect([...leaks(secrets, list.stdout + list.stderr, "cache list"), ...leaks(secrets, json.stdout + json.stderr, "cache list json")]).toEqual([]);

    expect((await runCli(["cache", "clear", "--expired"], env())).stdout).toBe(`removed 0 entries from ${dir}\n`);
    expect((await runCli(["cache", "clear"], env())).stdout).toBe(`removed 2 entries from ${dir}\n`);
    expect(files()).toEqual([]);
  });

  it("--no-cache: every run calls AssumeRole and nothing is written", async () => {
    for (let i = 0; i < 2; i++) expect((await runCli(whoami("200000000001", ["--no-cache"]), env())).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an unsafe cache directory stops the run before any request, exit 2", async () => {
    chmodSync(dir, 0o755);
    const run = await runCli(whoami("200000000001"), env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`ERR_INVALID_INPUT: Refusing the credential cache ${dir}: it can be read or written by others (mode 0755)`);
    expect(sb.stats().requests).toBe(0);
  });

  it("4 CLI processes sharing one cache directory all succeed, and leave one file per role", async () => {
    const accounts = "200000000001,200000000002,200000000004,200000000005";
    const runs = await Promise.all(Array.from({ length: 4 }, () => runCli(whoami(accounts), env())));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    // Whichever process's credentials a run used (their session names differ), every target answered.
    const docs = runs.map((r) => JSON.parse(r.stdout) as { failed: number; targets: Array<{ ok: boolean }> });
    expect(docs.map((d) => [d.failed, d.targets.filter((t) => t.ok).length])).toEqual(Array.from({ length: 4 }, () => [0, 8]));
    expect(files()).toHaveLength(4);
    expect(sb.stats().assumeRole.total).toBeLessThanOrEqual(16);
  });

  it("4 processes writing and reading one entry 300 times each never see a partial file", async () => {
    const outputs = await Promise.all(["1", "2", "3", "4"].map((id) => new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, "test/store/fixtures/hammer.mjs"), dir, id, "300"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out: out.trim() }));
    })));
    expect(outputs).toEqual(Array.from({ length: 4 }, () => ({ code: 0, out: "ok 300 300" })));
    expect(readdirSync(dir)).toEqual([`${"f".repeat(64)}.json`]);
  });
});
