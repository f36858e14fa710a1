// Runs the built CLI (dist/cli/bin.js) as a child process with an environment that knows
// nothing of the machine's AWS setup: no AWS_* variables, config files that do not exist.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = join(ROOT, "dist", "cli", "bin.js");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A clean environment plus `extra` (e.g. sandbox keys). Each run gets a credential file cache
 * of its own inside this test file's temp directory (test/setup/isolate-env.ts), so runs stay
 * independent and nothing is written to a real ~/.cache; pass SESSIONFLEET_CACHE_DIR in `extra`
 * to share one between runs. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "SystemRoot", "TMPDIR", "TEMP", "TMP"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return {
    ...env,
    HOME: join(tmpdir(), "sessionfleet-cli-home-that-does-not-exist"),
    AWS_CONFIG_FILE: join(tmpdir(), "sessionfleet-no-such-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "sessionfleet-no-such-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    // The SDK's Node-version warning is noise in test output (bin.ts also sets it; test-only here).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    SESSIONFLEET_CACHE_DIR: mkdtempSync(join(process.env.SESSIONFLEET_CACHE_DIR ?? tmpdir(), "run-")),
    ...extra,
  };
}

/** Runs `node dist/cli/bin.js ...args`; resolves when the process has exited. */
export function runCli(args: readonly string[], env: Record<string, string> = cleanEnv(), onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
    onSpawn?.(child);
  });
}

/** Any ANSI escape sequence. */
export const ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[`);
