// `call` loads SDK client packages only from sessionfleet's installation or the user's own
// project in the working directory, never from a parent folder (issue 21.2): a
// node_modules/@aws-sdk/client-s3 planted in a shared parent once ran as the victim. Acted out
// as two local users (CI runs as root; setpriv drops to unprivileged uids), in folders made here.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOperation } from "../../src/cli/call/sdk-module.js";
import { BIN } from "./run-cli.js";

const VICTIM = 64201;
const ATTACKER = 64202;
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sessionfleet-sdk-trust-"));
  chmodSync(root, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fake client package whose code, if it ever runs, leaves `marker` behind. */
function plant(modules: string, service: string, marker: string, owner?: number): void {
  const dir = join(modules, "@aws-sdk", `client-${service}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `@aws-sdk/client-${service}`, main: "index.js" }));
  writeFileSync(join(dir, "index.js"), [
    `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran as uid " + process.getuid());`,
    "class PlantedClient { send() {} destroy() {} }",
    "class PingCommand {}",
    "module.exports = { PlantedClient, PingCommand, ListBucketsCommand: PingCommand };",
  ].join("\n"));
  if (owner !== undefined) spawnSync("chown", ["-R", `${owner}:${owner}`, modules]);
}

describe("loadOperation: the working directory's project only, never a parent's", () => {
  it("a package in the project's own node_modules loads; from a sub-project below it, it is not found", async () => {
    const project = join(root, "own");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), "{}");
    const marker = join(root, "own-ran");
    plant(join(project, "node_modules"), "fakesvc", marker);
    expect((await loadOperation("fakesvc", "Ping", project)).packageName).toBe("@aws-sdk/client-fakesvc");
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    const below = join(project, "sub");
    mkdirSync(below);
    writeFileSync(join(below, "package.json"), "{}");
    await expect(loadOperation("fakesvc", "Ping", below)).rejects.toThrow(/@aws-sdk\/client-fakesvc is not installed\. Run: npm install @aws-sdk\/client-fakesvc \(in this folder's project/);
    await expect(loadOperation("fakesvc", "Ping", join(root))).rejects.toThrow(/is not installed/);
    expect(existsSync(marker)).toBe(false);
  });
});

/** The built CLI as `uid`, in `cwd`; killed after 30 s. */
function runAs(uid: number, cwd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("setpriv", ["--reuid", String(uid), "--regid", String(uid), "--clear-groups", process.execPath, BIN, ...args], {
      cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, AWS_ACCESS_KEY_ID: "AKIAFAKETRUSTTEST001", AWS_SECRET_ACCESS_KEY: "FAKEtrustTESTsecret", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true", SESSIONFLEET_CACHE_DIR: join(cwd, ".cache") },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => (clearTimeout(timer), resolve({ code, stderr })));
  });
}

describe("call as two users (setpriv)", () => {
  it("a client planted by another user in a shared parent folder, or in a project folder they own, never runs as the victim", async () => {
    // Never skipped: two users need root to act them out (CI runs as root).
    expect(process.getuid?.(), "this test runs as root, to drop to two unprivileged uids with setpriv").toBe(0);
    const shared = join(root, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777); // like /tmp: anyone may create, only owners remove
    const marker = join(shared, "pwned");
    // The attacker plants node_modules/@aws-sdk/client-s3 in the shared folder...
    plant(join(shared, "node_modules"), "s3", marker, ATTACKER);
    // ...and a whole "project" of their own, which the victim might cd into.
    const theirs = join(shared, "their-project");
    mkdirSync(theirs);
    writeFileSync(join(theirs, "package.json"), "{}");
    plant(join(theirs, "node_modules"), "s3", marker, ATTACKER);
    spawnSync("chown", ["-R", `${ATTACKER}:${ATTACKER}`, theirs]);
    // The victim's own project below the shared folder, without the package installed.
    const mine = join(shared, "victim");
    mkdirSync(mine);
    writeFileSync(join(mine, "package.json"), "{}");
    spawnSync("chown", ["-R", `${VICTIM}:${VICTIM}`, mine]);
    const args = ["call", "s3", "ListBuckets", "--accounts", "200000000001", "--role", "R", "--regions", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "--no-cache"];
    for (const cwd of [mine, theirs]) {
      const run = await runAs(VICTIM, cwd, args);
      expect([cwd, run.code]).toEqual([cwd, 2]);
      expect(run.stderr).toContain("@aws-sdk/client-s3 is not installed");
      expect(existsSync(marker)).toBe(false);
    }
  }, 60_000);
});
