// A profile's credential_process that never exits held every run for ever: the SDK's fromProcess runs it with no time limit (@aws-sdk/credential-provider-process:
// exec without a timeout). A session's profile or default-chain credentials now fail after
// `credentialTimeoutMs` (default 2 minutes) with ERR_NO_CREDENTIALS, kind config, naming the
// profile and the limit; the CLI says so in its configuration paragraph.
import { execFile, type ChildProcess } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";
import { renderConfigError } from "../../src/cli/output/config-error.js";

const dir = mkdtempSync(join(tmpdir(), "sessionfleet-hung-source-"));
const CONFIG = join(dir, "config");
const PID_FILE = join(dir, "forever.pid");
writeFileSync(CONFIG, [
  // Hung as far as a 300 ms limit can tell; it ends by itself so no test leaves a process behind.
  "[profile hung]", "region = us-east-1", `credential_process = ${process.execPath} -e "setTimeout(() => {}, 20000)"`,
  // Never exits: only a test that ends it (or the library) may start it.
  // It writes its pid where the test can find it: the shell that runs it forks it (Debian's dash).
  "[profile forever]", "region = us-east-1", `credential_process = ${process.execPath} -e "require('fs').writeFileSync('${PID_FILE}', String(process.pid)); setInterval(() => {}, 1000)"`,
  "[profile quick]", "region = us-east-1", `credential_process = ${process.execPath} -e "console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAFAKEFAKEFAKE0001', SecretAccessKey: 'fake-secret-FAKE' }))"`,
  "",
].join("\n"));
// After test/setup/isolate-env.ts has pointed them at nothing (it restores them after the file).
beforeAll(() => {
  process.env.AWS_CONFIG_FILE = CONFIG;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "none");
});

const sessions: CredentialSession[] = [];
function session(options: ConstructorParameters<typeof CredentialSession>[0]): CredentialSession {
  const s = new CredentialSession(options);
  sessions.push(s);
  return s;
}

/** Every ChildProcess Node makes from now on until the test ends: Node publishes each on this built-in channel. */
let stopWatching: (() => void) | undefined;
function childrenFromNowOn(): ChildProcess[] {
  const children: ChildProcess[] = [];
  const seen = (message: unknown): void => void children.push((message as { process: ChildProcess }).process);
  subscribe("child_process", seen);
  stopWatching = () => unsubscribe("child_process", seen);
  return children;
}
afterEach(() => stopWatching?.());

describe("credentials that never come", () => {
  it("a credential_process that never exits: ERR_NO_CREDENTIALS, kind config, after credentialTimeoutMs", async () => {
    const started = performance.now();
    const error = await session({ profile: "hung", credentialTimeoutMs: 300 }).getCredentials().then(() => undefined, (e: unknown) => e);
    const ms = performance.now() - started;
    expect(error).toBeInstanceOf(FleetError);
    const fleet = error as FleetError;
    expect([fleet.code, fleet.kind, fleet.retryable]).toEqual(["ERR_NO_CREDENTIALS", "config", false]);
    expect(fleet.message).toBe('No credentials from profile "hung": they did not load within 300 ms (a credential_process or SSO login that hangs or waits for input).');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(4_000);
    expect(renderConfigError(fleet, "hung", { AWS_CONFIG_FILE: CONFIG }).split("\n")[0]).toBe('sessionfleet: the credentials of profile "hung" (from --profile) could not be loaded: they did not load within 300 ms (a credential_process or SSO login that hangs or waits for input).');
  }, 10_000);

  it("a source that answers inside the limit is not touched", async () => {
    const credentials = await session({ profile: "quick", credentialTimeoutMs: 5_000 }).getCredentials();
    expect(credentials.accessKeyId).toBe("AKIAFAKEFAKEFAKE0001");
  }, 10_000);

  it("the helper process of a load given up is ended: killed, its pipes closed, no longer holding the process open", async () => {
    const children = childrenFromNowOn();
    rmSync(PID_FILE, { force: true });
    // Long enough for the helper to have started and written its pid on a loaded machine.
    const error = await session({ profile: "forever", credentialTimeoutMs: 2_500 }).getCredentials().then(() => undefined, (e: unknown) => e as FleetError);
    expect(error?.code).toBe("ERR_NO_CREDENTIALS");
    const helper = children.find((child) => String(child.spawnargs.at(-1)).includes("setInterval"));
    expect(helper).toBeDefined();
    expect(helper!.killed).toBe(true);
    expect([helper!.stdout?.destroyed, helper!.stderr?.destroyed, helper!.stdin?.destroyed]).toEqual([true, true, true]);
    if (helper!.exitCode === null && helper!.signalCode === null) await new Promise((resolve) => helper!.once("exit", resolve));
    // Ended by SIGTERM: the shell's own (signalCode), or, when the command under it was signalled
    // first and the shell saw it die, the shell's exit status for it, 128 + 15.
    expect(["SIGTERM", 143]).toContain(helper!.signalCode ?? helper!.exitCode);
    expect(process.getActiveResourcesInfo()).not.toContain("ProcessWrap");
    // And the command under the shell, which is not Node's child: gone too (Linux's /proc finds it).
    expect(helperPid()).toBeGreaterThan(0);
    expect(await gone(helperPid()!)).toBe(true);
  }, 10_000);

  /** The pid the `forever` helper wrote, once it has written it whole. */
  function helperPid(): number | undefined {
    const text = existsSync(PID_FILE) ? readFileSync(PID_FILE, "utf8") : "";
    return /^\d+$/.test(text) ? Number(text) : undefined;
  }

  /** Whether process `pid` ends within 5 s (it is not our child: asked with signal 0). */
  async function gone(pid: number): Promise<boolean> {
    for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      try {
        process.kill(pid, 0);
        // Ended but not yet reaped by its new parent (a zombie, state Z) counts as gone.
        if (/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, "utf8"))) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  it("a process of the caller's own, started while the load runs, is left alone (only credential_process commands are ended)", async () => {
    rmSync(PID_FILE, { force: true });
    // No time limit: the load is given up by close() below, once both processes run (no race with a timer).
    const s = session({ profile: "forever", credentialTimeoutMs: 0 });
    const pending = s.getCredentials().then(() => undefined, (e: unknown) => e as FleetError);
    // Started inside the load's window (its helper is running), through the same child_process
    // module as the SDK's helper.
    while (helperPid() === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    const own = execFile(process.execPath, ["-e", "setInterval(() => {}, 1000) // the caller's own"]);
    try {
      await new Promise((resolve) => own.once("spawn", resolve));
      await s.close();
      const error = await pending;
      expect(error?.code).toBe("ERR_NO_CREDENTIALS");
      expect(await gone(helperPid()!)).toBe(true);
      expect([own.killed, own.exitCode, own.signalCode]).toEqual([false, null, null]);
      expect(process.kill(own.pid!, 0)).toBe(true);
    } finally {
      own.kill();
    }
  }, 10_000);

  it("closing the session ends a load that has no time limit, and its helper", async () => {
    const children = childrenFromNowOn();
    rmSync(PID_FILE, { force: true });
    const s = session({ profile: "forever", credentialTimeoutMs: 0 });
    const pending = s.getCredentials().then(() => undefined, (e: unknown) => e as FleetError);
    // The helper has been started once it has written its pid.
    while (helperPid() === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    await s.close();
    const error = await pending;
    expect([error?.code, error?.message]).toEqual(["ERR_NO_CREDENTIALS", 'No credentials from profile "forever": the session was closed while they were loading.']);
    const helper = children.find((child) => String(child.spawnargs.at(-1)).includes("setInterval"))!;
    expect(helper.killed).toBe(true);
    expect(await gone(helperPid()!)).toBe(true);
  }, 10_000);

  it("a user's script with a never-ending credential_process exits once its load timed out and its session closed", async () => {
    const { stdout, exitMs } = await new Promise<{ stdout: string; exitMs: number }>((resolve, reject) => {
      const started = performance.now();
      execFile(process.execPath, [new URL("./fixtures/hung-then-close.mjs", import.meta.url).pathname], {
        // The helper never ends by itself: without the fix this process only ends at the kill below.
        timeout: 8_000,
        env: { PATH: process.env.PATH, AWS_CONFIG_FILE: CONFIG, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      }, (error, out) => (error ? reject(error) : resolve({ stdout: out, exitMs: performance.now() - started })));
    });
    expect(JSON.parse(stdout.trim())).toMatchObject({ code: "ERR_NO_CREDENTIALS" });
    expect(exitMs).toBeLessThan(8_000);
  }, 15_000);

  it("credentialTimeoutMs is checked before anything runs", () => {
    for (const bad of [-1, 1.5, "10", Number.NaN]) {
      expect(() => new CredentialSession({ profile: "quick", credentialTimeoutMs: bad as number })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "credentialTimeoutMs" }));
    }
  });
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});
