// A closed output pipe (`| head -1`) ends the run quietly, as `git` and `aws` do: no "write EPIPE",
// no "Unhandled 'error' event", no stack; running targets are cancelled (issue 22.2). Each case
// reads the first chunk of the real bin's stdout and then closes the pipe's read end.
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileCredentialStore } from "../../src/credentials/file-store.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli, type CliRun } from "./run-cli.js";

let sb: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  // Slow RDS: most targets are still running when the pipe closes.
  sb = await startSandbox({ latencyMs: { byService: { rds: 200 } } });
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
});
afterAll(async () => {
  await sb?.close();
});

/** Runs the bin and closes its stdout after the first chunk, as `| head -1` does. */
function headOne(args: string[], runEnv: Record<string, string>): Promise<CliRun & { first: string }> {
  let first = "";
  return runCli(args, runEnv, (child) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.on("exit", () => clearTimeout(kill));
    child.stdout!.once("data", (chunk: Buffer) => {
      first = chunk.toString();
      child.stdout!.destroy();
    });
  }).then((run) => ({ ...run, first }));
}

function expectQuiet(run: CliRun & { first: string }): void {
  expect(run.first.length).toBeGreaterThan(0);
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(/EPIPE|Unhandled|Error:|\n\s+at /);
  // 128 + SIGPIPE, what a shell reports for git and other tools ended by a closed pipe.
  expect(run.code).toBe(141);
}

const fleet = ["--endpoint-url", "", "--accounts", "org", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1,us-west-2,eu-west-1", "--concurrency", "2"];
const at = (): string[] => fleet.map((a) => (a === "" ? sb.endpoint : a));

describe("stdout closed early", () => {
  it("option-groups --format ndjson | head -1: quiet, and the targets still to run are not run", async () => {
    sb.resetStats();
    const run = await headOne(["option-groups", ...at(), "--format", "ndjson"], env);
    expectQuiet(run);
    // 15 targets at 200 ms, 2 at a time, would take 1.5 s and 15 RDS calls; the closed pipe cancels them.
    expect(sb.stats().byAction["rds:DescribeOptionGroups"] ?? 0).toBeLessThan(15);
  });

  // The CLI learns that the reader is gone at its next write (as git does): here the children's
  // second line; then the children still sleeping are stopped instead of running 20 s.
  it("exec ... | head -1: quiet, and the children still running are stopped", async () => {
    const started = performance.now();
    const run = await headOne(["exec", ...at(), "--", "sh", "-c", "echo started; sleep 0.3; echo more; sleep 20; echo late"], env);
    expectQuiet(run);
    expect(run.first).toContain("started");
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("cache list | head -1 with a long listing: quiet", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sf-epipe-cache-"));
    const store = new FileCredentialStore({ dir });
    const expiration = new Date(Date.now() + 3_600_000);
    // Enough lines to pass a pipe's 64 KiB buffer, so writes go on after the reader is gone.
    await Promise.all(Array.from({ length: 900 }, (_, i) => {
      const account = String(300000000000 + i);
      return store.set(createHash("sha256").update(String(i)).digest("hex"), {
        accessKeyId: "ASIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret", sessionToken: "fake-token", expiration,
        roleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, accountId: account,
      });
    }));
    const run = await headOne(["cache", "list"], { ...env, SESSIONFLEET_CACHE_DIR: dir });
    expectQuiet(run);
  });
});
