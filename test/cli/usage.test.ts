// The real bin as a child process: help, version, and bad input that must exit 2 without
// sending a single request (the sandbox counts every request it receives).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, ESCAPE, ROOT, runCli } from "./run-cli.js";
import { settledRequests } from "../e2e/settled.js";

let sb: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sb = await startSandbox();
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
});
afterAll(async () => {
  await sb?.close();
});

describe("sessionfleet usage", () => {
  it("--help lists the commands with examples; <command> --help too", async () => {
    const [program, command] = await Promise.all([runCli(["--help"], env), runCli(["option-groups", "--help"], env)]);
    expect(program.code).toBe(0);
    for (const name of ["option-groups", "whoami", "regions", "accounts", "call", "sandbox"]) expect(program.stdout).toContain(`  ${name} `);
    expect(program.stdout).toContain("Examples:");
    expect(program.stdout).toContain("Exit codes: 0 all targets ok, 1 some targets failed, 2 bad usage, input or configuration");
    expect(command.code).toBe(0);
    expect(command.stdout).toMatch(/^Usage: sessionfleet option-groups/);
    expect(command.stdout).toContain("--shard I/N");
    expect(command.stdout).toContain("sessionfleet option-groups --regions us-east-1,us-west-1");
    expect(program.stderr + command.stderr).toBe("");
  });

  it("--version prints the package version", async () => {
    const run = await runCli(["--version"], env);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("bad region, bad account id, unknown flag, missing package: exit 2, the bad value named, no request", async () => {
    const endpoint = ["--endpoint-url", sb.endpoint];
    const [region, account, flag, service] = await Promise.all([
      runCli(["option-groups", ...endpoint, "--regions", "us-east-1,us-moon-1"], env),
      runCli(["whoami", ...endpoint, "--accounts", "111111111111,12345", "--role", "Audit"], env),
      runCli(["option-groups", ...endpoint, "--acounts", "org"], env),
      runCli(["call", "no-such-service", "ListThings", ...endpoint], env),
    ]);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('--regions us-moon-1: expected an AWS region name such as "us-east-1"');
    expect(account.code).toBe(2);
    expect(account.stderr).toContain("--accounts 12345: expected a 12-digit AWS account id");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--acounts is not an option of option-groups");
    expect(flag.stderr).toContain("did you mean --accounts?");
    expect(service.code).toBe(2);
    expect(service.stderr).toContain("@aws-sdk/client-no-such-service is not installed. Run: npm install @aws-sdk/client-no-such-service");
    for (const run of [region, account, flag, service]) {
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(ESCAPE);
    }
    expect(await settledRequests(sb)).toBe(0);
  });
});
