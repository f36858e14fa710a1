// `sessionfleet exec` through the real bin against a sandbox: each child gets its target's
// credentials and region and nothing inherited; failures, timeouts and Ctrl-C end every process
// (checked by pid); --serve-credentials serves credentials that refresh.
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alive } from "./processes.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { profileFiles, sandboxKeys } from "../config/profile-files.js";
import { cleanEnv, runCli } from "./run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
const ACCOUNTS = ["300000000001", "300000000002", "300000000003", "300000000004", "300000000005"];
let sb: Sandbox;
let env: Record<string, string>;
let endpoint: string[];

beforeAll(async () => {
  sb = await startSandbox({ accounts: ACCOUNTS.map((id) => ({ id })) });
  // The caller's keys come from a profile named by AWS_PROFILE, which a child must not inherit.
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-home-"));
  const credentialsFile = join(dir, "credentials");
  writeFileSync(credentialsFile, `[inherited-profile]\naws_access_key_id = ${sb.credentials.accessKeyId}\naws_secret_access_key = ${sb.credentials.secretAccessKey}\n`);
  env = cleanEnv({
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_PROFILE: "inherited-profile", AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  endpoint = ["--endpoint-url", sb.endpoint];
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());


// A child that prints its region, the caller identity its own SDK client finds, and what it inherited.
const WHOAMI = `
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");
new STSClient({}).send(new GetCallerIdentityCommand({})).then((id) => {
  console.log([process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION, id.Account, process.env.SESSIONFLEET_ACCOUNT_ID, process.env.AWS_PROFILE ?? "no-profile", process.env.SESSIONFLEET_ROLE_ARN].join(" "));
});`;

// A child that starts a grandchild, prints both pids, and waits forever (until killed).
const SLEEPER = `
const { spawn } = require("node:child_process");
const grandchild = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("pids", process.pid, grandchild.pid);
setInterval(() => {}, 1000);`;

describe("exec", () => {
  it("5 accounts × 2 regions: each child sees its own account and region through its own SDK, and no inherited profile", async () => {
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS.join(","), "--role", ROLE, "--regions", "us-east-1,eu-west-1", "--", process.execPath, "-e", WHOAMI], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").filter((l) => l.includes(" | "));
    const expected = ACCOUNTS.flatMap((account) => ["us-east-1", "eu-west-1"].map((region) =>
      `${account}/${region} | ${region} ${region} ${account} ${account} no-profile arn:aws:iam::${account}:role/${ROLE}`));
    expect(lines.sort()).toEqual(expected.sort());
    expect(sb.stats().assumeRole.total).toBe(5);
  });

  it("a failing child is a failed task record with its exit code and last lines; the run exits 1", async () => {
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--format", "json", "--", process.execPath, "-e", "console.log('partial'); console.error('broken'); process.exit(3)"], env);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { targets: Array<Record<string, unknown>> };
    expect(doc.targets).toHaveLength(1);
    expect(doc.targets[0]).toMatchObject({ accountId: ACCOUNTS[0], region: "us-east-1", ok: false, stage: "task", exitCode: 3, stdout: ["partial"], stderr: ["broken"], error: { code: "ERR_TASK" } });
    expect(typeof doc.targets[0]!.durationMs).toBe("number");
  });

  it("--timeout kills the child with its grandchild: no process is left", async () => {
    const run = await runCli(["exec", ...endpoint, "--timeout", "1500ms", "--format", "json", "--", process.execPath, "-e", SLEEPER], env);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { targets: Array<{ stage: string }> };
    expect(doc.targets.map((t) => t.stage)).toEqual(["timeout"]);
    // With json on stdout, the child's lines go to stderr, prefixed.
    const pids = /^100000000001\/us-east-1 \| pids (\d+) (\d+)$/m.exec(run.stderr)?.slice(1).map(Number) ?? [];
    expect(pids).toHaveLength(2);
    expect(pids.filter(alive)).toEqual([]);
  });

  it("--serve-credentials: the child's own SDK gets credentials from our endpoint, and they refresh while it runs", async () => {
    // The child calls STS until it has used two different key ids (the sandbox's credentials live 2 s); it never sees static keys.
    const script = `
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");
const sts = new STSClient({});
const keys = new Set();
const deadline = Date.now() + 20000;
(async () => {
  console.log("static", process.env.AWS_ACCESS_KEY_ID ?? "none", process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI.startsWith("http://127.0.0.1:"));
  while (keys.size < 2 && Date.now() < deadline) {
    const id = await sts.send(new GetCallerIdentityCommand({}));
    keys.add((await sts.config.credentials()).accessKeyId + " " + id.Account);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log("keys", keys.size, [...keys].map((k) => k.split(" ")[1]).join(","));
})();`;
    // Credentials that live 2 s: static keys would expire under the child; served ones refresh.
    const short = await startSandbox({ accounts: ACCOUNTS.map((id) => ({ id })), credentialSeconds: 2 });
    try {
      const run = await runCli(["exec", "--endpoint-url", short.endpoint, "--accounts", ACCOUNTS[1]!, "--role", ROLE, "--serve-credentials", "--", process.execPath, "-e", script], env);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${ACCOUNTS[1]}/us-east-1 | static none true\n`);
      expect(run.stdout).toContain(`${ACCOUNTS[1]}/us-east-1 | keys 2 ${ACCOUNTS[1]},${ACCOUNTS[1]}\n`);
      expect(short.stats().assumeRole.byAccount[ACCOUNTS[1]!]).toBeGreaterThanOrEqual(2);
    } finally {
      await short.close();
    }
  });

  it("--output-dir writes DIR/<account>/<region>.out and .err instead of prefixed lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-"));
    const run = await runCli(["exec", ...endpoint, "--regions", "us-east-1,us-west-2", "--output-dir", dir, "--", process.execPath, "-e", "console.log(process.env.AWS_REGION); console.error('err ' + process.env.AWS_REGION)"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(" | ");
    expect(readFileSync(join(dir, "100000000001", "us-west-2.out"), "utf8")).toBe("us-west-2\n");
    expect(readFileSync(join(dir, "100000000001", "us-east-1.err"), "utf8")).toBe("err us-east-1\n");
    expect(statSync(join(dir, "100000000001", "us-east-1.out")).mode & 0o777).toBe(0o600);
  });

  it("--output-dir: an account folder that is a symlink fails that target; nothing is written where it points (issue 21.1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-"));
    const elsewhere = mkdtempSync(join(tmpdir(), "sessionfleet-elsewhere-"));
    symlinkSync(elsewhere, join(dir, "100000000001"));
    const linked = await runCli(["exec", ...endpoint, "--output-dir", dir, "--format", "json", "--", process.execPath, "-e", "console.log('x')"], env);
    expect(linked.code).toBe(1);
    expect(JSON.parse(linked.stdout)).toMatchObject({ targets: [{ ok: false, stage: "task", error: { message: expect.stringContaining(`${join(dir, "100000000001")} is a symbolic link`) } }] });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it("secrets reach neither our output nor the records unless the child prints them", async () => {
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[2]!, "--role", ROLE, "--format", "json", "--", process.execPath, "-e", "console.log('ok')"], env);
    expect(run.code).toBe(0);
    const all = run.stdout + run.stderr;
    expect(all).not.toContain(sb.credentials.secretAccessKey);
    expect(all).not.toMatch(/ASIA[A-Z0-9]{12,}|FAKE[A-Za-z0-9+/=]{40,}/);
  });

  it("children reach the endpoints the run resolved from its profile: endpoint_url, the services section, per-service variables (issue 20 B.2)", async () => {
    const files = profileFiles(
      `[profile ops]\nregion = us-east-1\nendpoint_url = ${sb.endpoint}\nservices = local\n\n[services local]\nsts =\n  endpoint_url = ${sb.endpoint}/\nrds =\n  endpoint_url = http://127.0.0.1:9/rds\n`,
      sandboxKeys("ops"));
    try {
      const script = "for (const k of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_RDS', 'AWS_ENDPOINT_URL_EC2']) console.log(k, process.env[k] ?? 'unset')";
      const run = await runCli(["exec", "--profile", "ops", "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--", process.execPath, "-e", script],
        cleanEnv({ ...files.env, AWS_ENDPOINT_URL_EC2: "http://127.0.0.1:9/ec2" }));
      expect(run.stderr).toBe("");
      expect(run.stdout.split("\n").filter((l) => l.includes(" | ")).map((l) => l.split(" | ")[1])).toEqual([
        `AWS_ENDPOINT_URL ${sb.endpoint}`, `AWS_ENDPOINT_URL_STS ${sb.endpoint}/`, "AWS_ENDPOINT_URL_RDS http://127.0.0.1:9/rds", "AWS_ENDPOINT_URL_EC2 http://127.0.0.1:9/ec2",
      ]);
    } finally {
      files.restore();
    }
  });

  it("children see the target's identity only: the parent's profile, SSO, web identity, container and IMDS settings are gone, the shared files are the run's empty ones (issue 20 B.3)", async () => {
    const inherited = {
      AWS_SSO_SESSION: "corp", AWS_DEFAULT_PROFILE: "inherited-profile", AWS_EC2_METADATA_SERVICE_ENDPOINT: "http://169.254.169.254", AWS_ROLE_ARN: "arn:aws:iam::999999999999:role/Theirs",
      AWS_WEB_IDENTITY_TOKEN_FILE: "/tmp/token", AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9/s3", AWS_MAX_ATTEMPTS: "4",
    };
    const script = `const fs = require("node:fs");
const aws = Object.keys(process.env).filter((k) => k.startsWith("AWS_")).sort();
console.log(aws.join(","));
for (const f of [process.env.AWS_CONFIG_FILE, process.env.AWS_SHARED_CREDENTIALS_FILE]) console.log(fs.statSync(f).size, (fs.statSync(f).mode & 0o777).toString(8), (fs.statSync(require("node:path").dirname(f)).mode & 0o777).toString(8));`;
    const run = await runCli(["exec", ...endpoint, "--accounts", ACCOUNTS[0]!, "--role", ROLE, "--", process.execPath, "-e", script], { ...env, ...inherited });
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n").filter((l) => l.includes(" | ")).map((l) => l.split(" | ")[1]);
    expect(lines).toEqual([
      ["AWS_ACCESS_KEY_ID", "AWS_CONFIG_FILE", "AWS_DEFAULT_REGION", "AWS_EC2_METADATA_DISABLED", "AWS_ENDPOINT_URL", "AWS_MAX_ATTEMPTS", "AWS_REGION",
        "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SHARED_CREDENTIALS_FILE"].join(","),
      "0 600 700", "0 600 700",
    ]);
  });

  it("usage: a command after --; --shell takes one string", async () => {
    const [none, shell] = await Promise.all([
      runCli(["exec", ...endpoint], env),
      runCli(["exec", ...endpoint, "--shell", "--", "echo", "two words"], env),
    ]);
    expect([none.code, shell.code]).toEqual([2, 2]);
    expect(none.stderr).toContain("--");
    expect(shell.stderr).toContain("--shell");
    expect(sb.stats().requests).toBe(0);
  });
});
