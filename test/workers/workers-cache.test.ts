// `--workers N` and the credential cache (issue 20.B5): with a warm cache a plain run made 1
// AssumeRole and `--workers 2` made 5, wrote nothing back, and asked for the MFA code again.
// Workers read and write the run's store; the code is asked for only when an AssumeRole needs it.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
const SERIAL = "arn:aws:iam::100000000001:mfa/sandbox-admin";
let sb: Sandbox;
let cacheDir: string;
beforeAll(async () => (sb = await startSandbox()));
afterAll(async () => await sb?.close());
beforeEach(() => {
  sb.resetStats();
  cacheDir = mkdtempSync(join(tmpdir(), "sessionfleet-workers-cache-"));
  return () => rmSync(cacheDir, { recursive: true, force: true });
});
const env = () => cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1", SESSIONFLEET_CACHE_DIR: cacheDir });
const groups = (accounts: string, extra: string[] = []) =>
  ["option-groups", "--endpoint-url", sb.endpoint, "--accounts", accounts, "--role", ROLE, "--regions", "us-east-1", "--format", "json", "--quiet", ...extra];
const files = () => readdirSync(cacheDir).filter((f) => f.endsWith(".json"));
const ACCOUNTS = "200000000001,200000000002,200000000004,200000000005";

describe("--workers and the credential cache", () => {
  it("a warm cache serves worker threads (0 AssumeRole), and workers fill the cache for the next run", async () => {
    expect((await runCli(groups(ACCOUNTS), env())).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(4);
    expect(files()).toHaveLength(4);
    sb.resetStats();
    const warm = await runCli(groups(ACCOUNTS, ["--workers", "2"]), env());
    expect([warm.code, warm.stderr]).toEqual([0, ""]);
    expect(sb.stats().assumeRole.total).toBe(0);

    // A cold cache filled by workers: one file per account, then a plain run makes no AssumeRole.
    rmSync(cacheDir, { recursive: true, force: true });
    sb.resetStats();
    expect((await runCli(groups(ACCOUNTS, ["--workers", "2"]), env())).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(4);
    expect(files()).toHaveLength(4);
    sb.resetStats();
    expect((await runCli(groups(ACCOUNTS), env())).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(0);
  });

  it("--mfa-serial with a warm cache: workers need no code off a terminal; a cold role stops the run with exit 2 before its AssumeRole", async () => {
    const mfa = (accounts: string, extra: string[] = []) =>
      ["option-groups", "--endpoint-url", sb.endpoint, "--accounts", accounts, "--role", "BreakGlassRole", "--regions", "us-east-1", "--format", "json", "--quiet", "--mfa-serial", SERIAL, ...extra];
    expect((await runCli(mfa("200000000002", ["--mfa-code", "123456"]), env())).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(1);
    const warm = await runCli(mfa("200000000002", ["--workers", "2"]), env());
    expect([warm.code, warm.stderr]).toEqual([0, ""]);
    expect(sb.stats().assumeRole.total).toBe(1);
    const cold = await runCli(mfa("200000000002,200000000005", ["--workers", "2"]), env());
    expect(cold.code).toBe(2);
    expect(cold.stderr).toContain("--mfa-code");
    expect(sb.stats().assumeRole.total).toBe(1);
  });
});
