// Ctrl-C (issue 12 D.22, issue 13): the real bin, real SIGINTs, a sandbox whose RDS answers take
// 300 ms. Demo organisation: 5 ACTIVE members (200000000003 lacks the role), 3 regions: 15 targets
// at concurrency 2, so the run is still going when the signals arrive.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

let sb: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox({ latencyMs: { byService: { rds: 300 } } });
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());

const rdsCalls = (): number => sb.stats().byAction["rds:DescribeOptionGroups"] ?? 0;
const args = (format: string) => ["option-groups", "--endpoint-url", sb.endpoint, "--accounts", "org", "--role", "OrganizationAccountAccessRole",
  "--regions", "us-east-1,us-west-2,eu-west-1", "--concurrency", "2", "--format", format];

/**
 * Sends `presses` SIGINTs 10 ms apart once the sandbox has seen 3 RDS calls: at concurrency 2 the
 * third call starts only after a target finished, so at least one record is complete by then.
 */
function interruptAfterThirdCall(presses: number): (child: ChildProcess) => void {
  return (child) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", () => clearTimeout(kill));
    const watch = setInterval(() => {
      if (rdsCalls() < 3) return;
      clearInterval(watch);
      for (let i = 0; i < presses; i++) setTimeout(() => child.kill("SIGINT"), i * 10);
    }, 20);
    child.on("exit", () => clearInterval(watch));
  };
}

interface Rec { accountId: string; region: string; ok: boolean; stage?: string }
const INTERRUPTED = /^interrupted: finishing \d+ running targets? \(Ctrl-C again to stop now\)$/;
const interruptedLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("interrupted"));

describe("Ctrl-C", () => {
  it("twice, 10 ms apart (json): the finished records are printed as one JSON document, one interrupted line, exit 130", async () => {
    const run = await runCli(args("json"), env, interruptAfterThirdCall(2));
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    const doc = JSON.parse(run.stdout) as { targets: Rec[]; failed: number };
    expect(doc.targets).toHaveLength(15);
    expect(doc.targets.filter((t) => t.ok).length).toBeGreaterThanOrEqual(1);
    expect(doc.targets.some((t) => t.stage === "cancelled")).toBe(true);
    const lines = interruptedLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(INTERRUPTED);
  }, 30_000);

  it("twice (ndjson): every finished record is a line", async () => {
    const run = await runCli(args("ndjson"), env, interruptAfterThirdCall(2));
    expect(run.code).toBe(130);
    const records = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as Rec);
    expect(records.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    expect(interruptedLines(run.stderr)).toHaveLength(1);
  }, 30_000);

  it("once: running targets finish (every RDS call sent has an ok record), the rest are cancelled, exit 130", async () => {
    const run = await runCli(args("json"), env, interruptAfterThirdCall(1));
    expect(run.code).toBe(130);
    const doc = JSON.parse(run.stdout) as { targets: Rec[] };
    expect(doc.targets).toHaveLength(15);
    expect(doc.targets.filter((t) => t.ok).length).toBe(rdsCalls());
    expect(doc.targets.filter((t) => t.stage === "cancelled").length).toBeGreaterThanOrEqual(1);
    expect(interruptedLines(run.stderr)).toEqual([expect.stringMatching(INTERRUPTED)]);
  }, 30_000);
});

describe("Ctrl-C while the role is being assumed", () => {
  it("the count of running targets matches the records: 'finishing 0 running targets' is never followed by 'Cancelled while running'", async () => {
    // Only the AssumeRole into 200000000001 is slow (its account's latency), so both targets of the
    // unit wait for credentials, and no task is running, when the presses come.
    const slow = await startSandbox({ latencyMs: { byAccount: { "200000000001": 10_000 } } });
    try {
      const slowEnv = cleanEnv({ AWS_ACCESS_KEY_ID: slow.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: slow.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
      let stderr = "";
      const run = await runCli(["option-groups", "--endpoint-url", slow.endpoint, "--accounts", "200000000001", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1,eu-west-1", "--format", "json"], slowEnv, (child) => {
        const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.on("exit", () => clearTimeout(kill));
        child.stderr!.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes("interrupted:") && !stderr.includes("stopping now")) child.kill("SIGINT");
        });
        const watch = setInterval(() => {
          if ((slow.stats().byAction["sts:AssumeRole"] ?? 0) < 1) return;
          clearInterval(watch);
          child.kill("SIGINT");
        }, 20);
        child.on("exit", () => clearInterval(watch));
      });
      expect(run.code).toBe(130);
      const running = Number(/finishing (\d+) running target/.exec(run.stderr)?.[1]);
      expect(running).toBe(0);
      const doc = JSON.parse(run.stdout) as { targets: Array<Rec & { error?: { message: string } }> };
      expect(doc.targets.map((t) => [t.region, t.stage, t.error?.message.replace(/ \(account .*\)$/, "")])).toEqual([
        ["us-east-1", "cancelled", "Cancelled before it started"],
        ["eu-west-1", "cancelled", "Cancelled before it started"],
      ]);
    } finally {
      await slow.close();
    }
  }, 30_000);
});

describe("Ctrl-C with --workers", () => {
  it("the first press does not claim '0 running targets' while the worker threads run some", async () => {
    const run = await runCli([...args("json"), "--workers", "2"], env, interruptAfterThirdCall(1));
    expect(run.code).toBe(130);
    const lines = interruptedLines(run.stderr);
    expect(lines).toEqual(["interrupted: finishing the running targets (Ctrl-C again to stop now)"]);
  }, 30_000);
});
