// How `exec` children end (issue 21.4, 22.1, 22.3), through the real bin against a sandbox:
// --timeout ends the wait even when a grandchild left the process group with setsid and holds
// the output pipes; the credential token dies with the child; nothing the run started outlives
// it (checked by pid); Ctrl-C once lets children finish, twice stops them (SIGINT, then SIGTERM);
// records keep the exit code, signal, duration and last lines.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alive } from "./processes.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
const ACCOUNTS = ["300000000001", "300000000002", "300000000003"];
let sb: Sandbox;
let env: Record<string, string>;
let endpoint: string[];

beforeAll(async () => {
  sb = await startSandbox({ accounts: ACCOUNTS.map((id) => ({ id })) });
  env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1" });
  endpoint = ["--endpoint-url", sb.endpoint];
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());

const lines = (text: string): string[] => text.split("\n").filter((l) => l !== "");
// Child code: waits until `path` exists, at most `ms`, leaving no timer behind.
const waitFor = (path: string, ms: number) => `await new Promise((ok) => { const end = () => { clearInterval(t); clearTimeout(d); ok(); }; const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(path)})) end(); }, 20); const d = setTimeout(end, ${ms}); });`;

// A grandchild that polls the child's credential endpoint and logs each status to LOG; with
// `holdTerm` it survives SIGTERM (logging "TERM"), so only SIGKILL ends it.
const grandchild = (log: string, holdTerm: boolean) => `
const fs = require("node:fs");
${holdTerm ? `process.on("SIGTERM", () => fs.appendFileSync(${JSON.stringify(log)}, "TERM\\n"));` : ""}
(async () => { for (;;) {
  let status;
  try { status = (await fetch(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { headers: { authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })).status; } catch { status = "refused"; }
  fs.appendFileSync(${JSON.stringify(log)}, status + "\\n");
  await new Promise((r) => setTimeout(r, 50));
} })();
setTimeout(() => {}, 30000);`;

describe("exec: ending children", () => {
  it("--timeout ends the run although a setsid grandchild holds stdout open; the grandchild is killed, its token answered 403 from the timeout on (issue 21.4)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-stop-"));
    const log = join(dir, "log");
    // detached: the grandchild calls setsid(), leaving the child's process group; stdio inherited keeps the pipes open.
    const child = `
const fs = require("node:fs");
const { spawn } = require("node:child_process");
const g = spawn(process.execPath, ["-e", ${JSON.stringify(grandchild(log, true))}], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
console.log("pids", process.pid, g.pid);
(async () => { ${waitFor(log, 10_000)} console.log("started"); })();
setInterval(() => {}, 1000);`;
    const run = await runCli(["exec", ...endpoint, "--serve-credentials", "--timeout", "1500ms", "--format", "json", "--", process.execPath, "-e", child], env);
    expect(run.code).toBe(1);
    // Before: the run waited for the grandchild (30 s). Now: timeout, SIGTERM, SIGKILL 2 s later.
    expect(run.ms).toBeLessThan(8_000);
    const doc = JSON.parse(run.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets).toHaveLength(1);
    expect(doc.targets[0]).toMatchObject({ stage: "timeout", ok: false, signal: "SIGTERM", stdout: [expect.stringMatching(/^pids /), "started"] });
    const pids = /\| pids (\d+) (\d+)$/m.exec(run.stderr)?.slice(1).map(Number) ?? [];
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
    // The grandchild got 200 before the timeout; from the timeout (its SIGTERM) on, never again.
    const statuses = lines(readFileSync(log, "utf8"));
    expect(statuses[0]).toBe("200");
    const term = statuses.indexOf("TERM");
    expect(term).toBeGreaterThan(0);
    expect(statuses.slice(term + 1).filter((s) => s === "200")).toEqual([]);
  }, 60_000);

  it("a grandchild with its output redirected that outlives its child: its token is refused once the child exits, and the run kills it at the end (issue 21.4)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-stop-"));
    const log = join(dir, "log");
    const pidFile = join(dir, "grandchild");
    // First account: start the grandchild (setsid, output to nowhere), wait for its first answer, exit 0.
    // Second account (runs after, --concurrency 1): wait until the grandchild got a refusal.
    const child = `
const fs = require("node:fs");
const { spawn } = require("node:child_process");
(async () => {
  if (process.env.SESSIONFLEET_ACCOUNT_ID === ${JSON.stringify(ACCOUNTS[0])}) {
    const g = spawn(process.execPath, ["-e", ${JSON.stringify(grandchild(log, false))}], { detached: true, stdio: "ignore" });
    fs.writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));
    ${waitFor(log, 10_000)}
    process.exit(0);
  } else {
    const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(log)}) && /403/.test(fs.readFileSync(${JSON.stringify(log)}, "utf8"))) { console.log("refused"); process.exit(0); } }, 20);
    setTimeout(() => process.exit(0), 10000);
  }
})();`;
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS.slice(0, 2).join(","), "--role", ROLE, "--concurrency", "1", "--serve-credentials", "--", process.execPath, "-e", child], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${ACCOUNTS[1]}/us-east-1 | refused\n`);
    const statuses = lines(readFileSync(log, "utf8"));
    expect(statuses[0]).toBe("200");
    expect(statuses.slice(statuses.indexOf("403"))).not.toContain("200");
    expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
  }, 60_000);

  it("a child that exited 3: the table shows Exit 3 and its duration, json the same (issue 22.3)", async () => {
    const script = "console.log('partial'); process.exit(3)";
    const [table, json] = await Promise.all(["table", "json"].map((format) =>
      runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--format", format, "--", process.execPath, "-e", script], env)));
    expect([table!.code, json!.code]).toEqual([1, 1]);
    const row = table!.stdout.split("\n").find((l) => l.includes(`│ ${ACCOUNTS[0]} `)) ?? "";
    expect(row).toMatch(/│ 3 +│ \d+\.\d s +│ task /);
    const doc = JSON.parse(json!.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets[0]).toMatchObject({ exitCode: 3, stdout: ["partial"], stage: "task" });
  });

  it("a command that cannot start: a task failure naming it, no exit code or duration of a child that never ran", async () => {
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--format", "json", "--", "/nonexistent/command"], env);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets[0]).toEqual(expect.objectContaining({ stage: "task", error: expect.objectContaining({ message: expect.stringContaining("spawn /nonexistent/command ENOENT") }) }));
    expect(doc.targets[0]).not.toHaveProperty("exitCode");
  });

  it("a timed-out child that traps SIGTERM: SIGKILL after the grace, the record says so and keeps its line; the table shows the signal (issue 22.3)", async () => {
    const script = "process.on('SIGTERM', () => console.log('got-TERM')); console.log('working'); setInterval(() => {}, 1000)";
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--timeout", "1s", "--", process.execPath, "-e", script], env);
    expect(run.code).toBe(1);
    const row = run.stdout.split("\n").find((l) => l.includes(`│ ${ACCOUNTS[0]} `) && l.includes("timeout")) ?? "";
    expect(row).toMatch(/│ SIGKILL +│ [2-9]\.\d s +│ timeout/);
    const json = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--timeout", "1s", "--format", "json", "--", process.execPath, "-e", script], env);
    const doc = JSON.parse(json.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets[0]).toMatchObject({ stage: "timeout", signal: "SIGKILL", exitCode: null, stdout: ["working", "got-TERM"] });
  }, 30_000);

  it("Ctrl-C once: running children are not interrupted and finish, no new child starts; exit 130 (issue 22.1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-int-"));
    const go = join(dir, "go");
    // Each child traps INT (a Ctrl-C passed on would show) and finishes when the test says so.
    const script = `const fs = require("node:fs");
process.on("SIGINT", () => console.log("got-INT"));
console.log("waiting");
(async () => { ${waitFor(go, 15_000)} console.log("done"); })();`;
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS.join(","), "--role", ROLE, "--concurrency", "2", "--format", "json", "--", process.execPath, "-e", script], env, (cli) => {
      let err = "";
      cli.stderr?.on("data", (chunk: Buffer | string) => {
        err += String(chunk);
        if ((err.match(/\| waiting/g) ?? []).length === 2 && !err.includes("interrupted") && !cli.killed) cli.kill("SIGINT");
        if (err.includes("interrupted: finishing") && !existsSync(go)) writeFileSync(go, "");
      });
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("interrupted: finishing 2 running targets");
    expect(run.stderr).not.toContain("got-INT");
    const doc = JSON.parse(run.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets.map((t) => [t.accountId, t.ok, t.stage ?? "ok"])).toEqual([[ACCOUNTS[0], true, "ok"], [ACCOUNTS[1], true, "ok"], [ACCOUNTS[2], false, "cancelled"]]);
    expect(doc.targets[0]).toMatchObject({ exitCode: 0, stdout: ["waiting", "done"] });
  }, 30_000);

  it("Ctrl-C twice: each child's group gets SIGINT, then SIGTERM 2 s later; the records are cancelled with the signal and last lines, no process is left (issue 22.1)", async () => {
    // The child and a grandchild in its group ignore SIGINT (printing got-INT) and die of SIGTERM.
    const script = `const { spawn } = require("node:child_process");
const g = spawn(process.execPath, ["-e", "process.on('SIGINT', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
process.on("SIGINT", () => console.log("got-INT"));
console.log("pids", process.pid, g.pid);
setInterval(() => {}, 1000);`;
    let pressed = 0;
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS.slice(0, 2).join(","), "--role", ROLE, "--format", "json", "--", process.execPath, "-e", script], env, (cli) => {
      let err = "";
      cli.stderr?.on("data", (chunk: Buffer | string) => {
        err += String(chunk);
        if ((err.match(/\| pids/g) ?? []).length === 2 && pressed === 0) pressed = (cli.kill("SIGINT"), 1);
        if (err.includes("interrupted: finishing") && pressed === 1) pressed = (cli.kill("SIGINT"), 2);
      });
    });
    expect(run.code).toBe(130);
    const doc = JSON.parse(run.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets).toHaveLength(2);
    for (const record of doc.targets) {
      expect(record).toMatchObject({ ok: false, stage: "cancelled", signal: "SIGTERM", exitCode: null, stdout: [expect.stringMatching(/^pids /), "got-INT"] });
      expect(record.durationMs).toBeGreaterThanOrEqual(2_000);
    }
    expect(run.stderr).not.toMatch(/task/);
    const pids = [...run.stderr.matchAll(/\| pids (\d+) (\d+)$/gm)].flatMap((m) => [Number(m[1]), Number(m[2])]);
    expect(pids).toHaveLength(4);
    expect(pids.filter(alive)).toEqual([]);
  }, 30_000);
});
