// Two local users for tests of what another user on the same machine can do (issue 21): a
// victim who runs sessionfleet and an attacker who can only write to shared, world-writable
// folders. CI runs as root, so each user is an unprivileged uid that no one else uses, reached
// with util-linux's `setpriv --reuid N --regid N --clear-groups`; the tests work in folders
// they create (a 1777 folder like /tmp, owned by root). Not root, or no setpriv: the test
// fails saying so, it never skips.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, ROOT } from "../cli/run-cli.js";

/** The two uids (and their gids): unused by any account on CI machines. */
export const ATTACKER = 41_001;
export const VICTIM = 41_002;

/** What a process run as a user did. */
export interface UserRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Throws unless this process can become other users (root, with setpriv installed). */
export function requireTwoUsers(): void {
  if (process.platform !== "linux" || process.getuid?.() !== 0) {
    throw new Error("two-user tests need root on Linux (CI runs as root): they drop to two unprivileged uids with setpriv");
  }
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error("two-user tests need setpriv (util-linux): apt-get install util-linux");
  }
}

/** A new folder like /tmp: root's, mode 1777 (anyone may create, only owners may rename or delete). */
export function sharedFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-shared-"));
  chmodSync(dir, 0o1777);
  return dir;
}

/** Runs `file args` as `uid` (gid the same, no supplementary groups) with `env`; resolves when it has exited, or rejects after `timeoutMs`. */
export function runAs(uid: number, file: string, args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<UserRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("setpriv", ["--reuid", String(uid), "--regid", String(uid), "--clear-groups", "--", file, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} as uid ${uid} did not finish in ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", (error) => (clearTimeout(timer), reject(error)));
    child.on("close", (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

/** Runs Node code as `uid` (e.g. an attacker planting files); rejects if it exits non-zero. */
export async function nodeAs(uid: number, code: string, env: Record<string, string> = { PATH: process.env.PATH ?? "" }): Promise<string> {
  const run = await runAs(uid, process.execPath, ["-e", code], env);
  if (run.code !== 0) throw new Error(`node as uid ${uid} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

/** Runs the built CLI (dist/cli/bin.js) as `uid`. */
export function cliAs(uid: number, args: readonly string[], env: Record<string, string>): Promise<UserRun> {
  return runAs(uid, process.execPath, [BIN, ...args], env);
}
