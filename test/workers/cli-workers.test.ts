// `--workers` on the real bin against a sandbox: the same JSON document as one thread, one
// AssumeRole per account; `call` too; bad values and `whoami` are usage errors (exit 2).
// Demo organisation: members 200000000001-5 ACTIVE (…003 has no OrganizationAccountAccessRole).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { parseWorkers } from "../../src/cli/args/workers.js";
import { MAX_WORKERS } from "../../src/fanout/workers/protocol.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
let sb: Sandbox;
let env: Record<string, string>;
let endpoint: string[];

beforeAll(async () => {
  sb = await startSandbox();
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
  endpoint = ["--endpoint-url", sb.endpoint];
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());

describe("--workers", () => {
  it("option-groups --workers 2 prints the same JSON as without, with one AssumeRole per account", async () => {
    // --no-cache: both runs share one environment, and a warm cache now serves workers too
    // (workers-cache.test.ts); the comparison is of the requests each way makes.
    const args = ["option-groups", ...endpoint, "--accounts", "org", "--role", ROLE, "--regions", "us-east-1,us-west-2,eu-west-1", "--format", "json", "--allow-failures", "--quiet", "--no-cache"];
    const one = await runCli(args, env);
    const oneStats = sb.stats();
    sb.resetStats();
    const two = await runCli([...args, "--workers", "2"], env);
    expect(two.stderr).toBe("");
    expect(two.code).toBe(0);
    // The sandbox gives every answer a fresh request id; the rest must be byte for byte the same.
    const stable = (stdout: string) => stdout.replace(/"requestId": "[^"]*"/g, '"requestId": "…"');
    expect(stable(two.stdout)).toBe(stable(one.stdout));
    expect(JSON.parse(two.stdout).targets).toHaveLength(5 * 3);
    expect(sb.stats().assumeRole).toEqual(oneStats.assumeRole);
    expect(sb.stats().assumeRole.total).toBe(5);
    // The same requests, action by action (the organisation listing included), as one thread.
    expect(sb.stats().byAction).toEqual(oneStats.byAction);
  });

  it("call --workers 2 sends the operation with its --input from the worker threads", async () => {
    const args = ["call", "sts", "GetCallerIdentity", ...endpoint, "--accounts", "200000000001,200000000002", "--role", ROLE, "--session-name", "cli-workers", "--input", "{}", "--format", "json"];
    // The sandbox gives every role session a random id; everything else must match.
    const stable = (stdout: string) => stdout.replace(/AROAFAKE\w+:/g, "AROAFAKE…:");
    const one = await runCli(args, env);
    const two = await runCli([...args, "--workers", "2"], env);
    expect(two.code).toBe(0);
    expect(stable(two.stdout)).toBe(stable(one.stdout));
    expect(JSON.parse(two.stdout).targets.map((t: { output: { Account: string } }) => t.output.Account)).toEqual(["200000000001", "200000000002"]);
  });

  it("usage errors: a bad count, and whoami (main thread only); nothing is sent", async () => {
    const bad = await runCli(["option-groups", ...endpoint, "--workers", "0"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--workers");
    const whoami = await runCli(["whoami", ...endpoint, "--workers", "2"], env);
    expect(whoami.code).toBe(2);
    expect(whoami.stderr).toContain("--workers");
    expect(sb.stats().requests).toBe(0);
  });

  it("auto is the available cores minus one, at least 1", () => {
    expect([parseWorkers("auto", 8), parseWorkers("auto", 2), parseWorkers("auto", 1), parseWorkers("3")]).toEqual([7, 1, 1, 3]);
    expect(parseWorkers(String(MAX_WORKERS))).toBe(MAX_WORKERS);
    expect(() => parseWorkers(String(MAX_WORKERS + 1))).toThrow(expect.objectContaining({ option: "--workers" }) as Error);
    expect(() => parseWorkers("two")).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "--workers" }) as Error);
  });
});
