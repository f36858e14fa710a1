// The CLI with a FIFO planted as a cache entry (issue 21.6): `whoami` and `cache list` once hung
// forever, past --timeout. Now the file is skipped with one warning and the run answers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

let sb: Sandbox;
let dir: string;
beforeAll(async () => {
  sb = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-cli-fifo-"));
});
afterAll(async () => {
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1", SESSIONFLEET_CACHE_DIR: dir });
/** The CLI, killed after 20 s: a hang fails the test instead of the suite. */
const run = (args: string[]) => runCli(args, env(), (child) => {
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  child.on("close", () => clearTimeout(timer));
});
const whoami = ["whoami", "--accounts", "200000000001", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1", "--format", "json", "--timeout", "5s"];

describe("a FIFO in the cache directory", () => {
  it("whoami and cache list answer, skipping the FIFO with one warning; the next AssumeRole replaces it", async () => {
    expect((await run([...whoami, "--endpoint-url", sb.endpoint])).code).toBe(0);
    const [name] = readdirSync(dir);
    unlinkSync(join(dir, name!));
    expect(spawnSync("mkfifo", ["-m", "600", join(dir, name!)]).status).toBe(0);
    sb.resetStats();
    const list = await run(["cache", "list"]);
    expect([list.code, list.signal]).toEqual([0, null]);
    expect(list.stdout).toBe(`KEY  ROLE ARN  ACCOUNT  EXPIRES\n0 entries in ${dir}\n`);
    expect(list.stderr.match(/not a regular file/g)).toHaveLength(1);
    const who = await run([...whoami, "--endpoint-url", sb.endpoint]);
    expect([who.code, who.signal]).toEqual([0, null]);
    expect(sb.stats().assumeRole.total).toBe(1);
    expect((await run(["cache", "list"])).stdout).toMatch(/^1 entr(y|ies) in /m);
  }, 60_000);
});
