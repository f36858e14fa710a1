// MFA without a terminal and a warm cache (issue 22.4): with cached credentials still valid,
// `--mfa-serial X` and no code on a non-terminal once exited 2 "expected a code too", which
// defeats "asks once per credential lifetime" in cron and CI. The code is needed only when an
// AssumeRole needs it; then, without a way to get one, the run stops with exit 2 before the request.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

const SERIAL = "arn:aws:iam::100000000001:mfa/sandbox-admin";
let sb: Sandbox;
let cacheDir: string;
beforeAll(async () => {
  sb = await startSandbox();
  cacheDir = mkdtempSync(join(tmpdir(), "sessionfleet-mfa-cache-"));
});
afterAll(async () => {
  await sb?.close();
  rmSync(cacheDir, { recursive: true, force: true });
});
const env = () => cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1", SESSIONFLEET_CACHE_DIR: cacheDir });
const whoami = (accounts: string, extra: string[] = []) =>
  ["whoami", "--endpoint-url", sb.endpoint, "--accounts", accounts, "--role", "BreakGlassRole", "--regions", "us-east-1", "--format", "json", "--mfa-serial", SERIAL, ...extra];

describe("--mfa-serial without a code, not on a terminal", () => {
  it("a valid cached credential is used (exit 0, no AssumeRole); a role that needs AssumeRole stops the run with exit 2 before it", async () => {
    const first = await runCli(whoami("200000000002", ["--mfa-code", "123456"]), env());
    expect(first.code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(1);

    const cached = await runCli(whoami("200000000002"), env());
    expect([cached.code, cached.stderr]).toEqual([0, ""]);
    expect((JSON.parse(cached.stdout) as { targets: Array<{ ok: boolean }> }).targets.map((t) => t.ok)).toEqual([true]);
    expect(sb.stats().assumeRole.total).toBe(1);

    // Account 3 is not in the cache: its AssumeRole needs a code the run cannot get.
    const needs = await runCli(whoami("200000000002,200000000003"), env());
    expect(needs.code).toBe(2);
    expect(needs.stderr).toContain("--mfa-code");
    expect(needs.stdout).toBe("");
    expect(sb.stats().assumeRole.total).toBe(1);
  });
});
