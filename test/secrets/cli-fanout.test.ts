// No secret in what fanOut reports or the CLI prints: reports (JSON, inspect, showHidden of the
// failures' errors), and the real binary's stdout/stderr in every format, on success and failure,
// with SESSIONFLEET_DEBUG on. Issued credentials are learnt from the wire by a recording proxy.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, fanOut } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { main } from "../../src/cli/main.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { countGroups } from "../faults/helpers.js";
import { leaks, recordingLogger, render, renderHidden, startRecorder, type Recorder, type Secret } from "./capture.js";

const WRONG_SECRET = "FAKEwrongSECRETnotREAL2222222222222222222";
const ROLE = "OrganizationAccountAccessRole";

let sb: Sandbox;
let rec: Recorder;
const secrets = (): Secret[] => [
  { kind: "caller access key id", value: sb.credentials.accessKeyId },
  { kind: "caller secret key", value: sb.credentials.secretAccessKey },
  { kind: "wrong secret key", value: WRONG_SECRET },
  ...rec.issued,
];

beforeAll(async () => {
  sb = await startSandbox();
  rec = await startRecorder(sb.endpoint);
});
afterAll(async () => {
  await rec.close();
  await sb.close();
});

describe("secrets never leak from fanOut reports", () => {
  it("successes and every kind of failure: JSON, inspect, showHidden, throwIfFailed, the SDK logger", async () => {
    const pool = new ConnectionPool();
    const log = recordingLogger();
    const base = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: rec.endpoint, logger: log.logger }, pool });
    sb.setFaults({ seed: 5, throttleRate: 1, services: ["rds"] });
    // 200000000003 refuses the role (assume-role); RDS is throttled for everyone (task); STS works.
    const report = await fanOut({ session: base, accounts: ["200000000001", "200000000002", "200000000003"], roles: ROLE, regions: ["us-east-1", "eu-west-1"] },
      async ({ session, signal, region }) => (region === "us-east-1" ? (await session.client(STSClient).send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Arn : countGroups(session, signal)));
    sb.setFaults(null);
    const wrong = new CredentialSession({ accessKeyId: sb.credentials.accessKeyId, secretAccessKey: WRONG_SECRET, region: "us-east-1", clientConfig: { endpoint: rec.endpoint }, pool });
    const refused = await fanOut({ session: wrong, accounts: ["200000000001"], roles: ROLE, regions: ["us-east-1"] }, () => 1);
    let aggregate: unknown;
    try {
      report.throwIfFailed();
    } catch (error) {
      aggregate = error;
    }
    expect(report.summary.byStage).toEqual({ "assume-role": 2, task: 2 });
    expect(report.succeeded.map((r) => r.value)).toEqual([
      `arn:aws:sts::200000000001:assumed-role/${ROLE}/${String(report.succeeded[0]!.value).split("/").pop()}`,
      `arn:aws:sts::200000000002:assumed-role/${ROLE}/${String(report.succeeded[1]!.value).split("/").pop()}`,
    ]);
    expect(refused.failed.map((f) => [f.stage, (f.error.cause as Error | undefined)?.name])).toEqual([["assume-role", "FleetError"]]);
    const texts: Array<[string, string]> = [
      ["report", render(report)], ["report failures", render(report.failed)], ["refused report", render(refused)],
      ["aggregate", render(aggregate)], ["aggregate stack", String((aggregate as Error).stack)],
      ...report.failed.map((f, i): [string, string] => [`failure ${i} (showHidden)`, renderHidden(f.error)]),
      ...refused.failed.map((f, i): [string, string] => [`refused ${i} (showHidden)`, renderHidden(f.error)]),
      ["failure inspect", inspect(report.failed, { depth: 20 })],
      ["SDK logger", log.text()],
    ];
    expect(rec.issued.filter((s) => s.kind === "issued session token").length).toBe(2);
    expect(texts.flatMap(([where, text]) => leaks(secrets(), text, where))).toEqual([]);
    await base.close();
    await wrong.close();
    pool.destroy();
  });
});

/** Runs main() in-process with the sandbox keys in process.env; returns exit code and both streams. */
async function inProcess(args: string[], secret: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { ...process.env };
  // A credential file cache per run (as cleanEnv gives spawned runs): every run calls STS itself.
  const cacheDir = mkdtempSync(join(process.env.SESSIONFLEET_CACHE_DIR ?? tmpdir(), "run-"));
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: "us-east-1", SESSIONFLEET_CACHE_DIR: cacheDir });
  let stdout = "";
  let stderr = "";
  try {
    const code = await main(args, { stdout: { write: (t: string) => ((stdout += t), true) }, stderr: { write: (t: string) => ((stderr += t), true) }, env: { SESSIONFLEET_DEBUG: "1" } });
    return { code, stdout, stderr };
  } finally {
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) if (saved[k] === undefined) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe("secrets never leak from the CLI", () => {
  it("whoami / option-groups in every format, refused roles, a wrong secret, debug on: stdout and stderr", async () => {
    const env = (secret: string) =>
      cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: "us-east-1", SESSIONFLEET_DEBUG: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
    const targets = ["--accounts", "200000000001,200000000002,200000000003", "--role", ROLE, "--regions", "us-east-1,eu-west-1", "--endpoint-url", rec.endpoint];
    const right = sb.credentials.secretAccessKey;
    // Two real processes (their whole stdout/stderr), the rest in-process through main().
    const spawned = Promise.all([
      runCli(["whoami", ...targets, "--format", "json"], env(right)),
      runCli(["whoami", ...targets, "--format", "json"], env(WRONG_SECRET)),
    ]);
    const local: Array<[string, { code: number | null; stdout: string; stderr: string }]> = [];
    for (const [name, args, secret] of [
      ["option-groups table", ["option-groups", ...targets], right],
      ["option-groups csv", ["option-groups", ...targets, "--format", "csv"], right],
      ["option-groups ndjson", ["option-groups", ...targets, "--format", "ndjson"], right],
      ["wrong secret, own account", ["whoami", "--endpoint-url", rec.endpoint], WRONG_SECRET],
      ["regions", ["regions", "--endpoint-url", rec.endpoint], right],
    ] as const) local.push([name, await inProcess([...args], secret)]);
    const [good, bad] = await spawned;
    const runs: Array<[string, { code: number | null; stdout: string; stderr: string }]> = [["whoami json (process)", good], ["wrong secret (process)", bad], ...local];
    for (const [name, run] of runs) console.info(`[secrets] cli ${name}: exit ${run.code}`);
    // The runs did what they should: some targets right, the refused account failed, the wrong secret failed everything.
    const doc = JSON.parse(good.stdout) as { targets: Array<{ ok: boolean; accountId: string }>; failed: number };
    expect(doc.targets.map((t) => `${t.accountId}:${t.ok}`)).toEqual(["200000000001:true", "200000000001:true", "200000000002:true", "200000000002:true", "200000000003:false", "200000000003:false"]);
    expect(good.code).toBe(1);
    expect(JSON.parse(bad.stdout).failed).toBe(6);
    expect(Object.fromEntries(local.map(([name, run]) => [name, run.code]))).toEqual({
      "option-groups table": 1, "option-groups csv": 1, "option-groups ndjson": 1, "wrong secret, own account": 1, regions: 0,
    });
    expect(rec.issued.filter((s) => s.kind === "issued session token").length).toBeGreaterThanOrEqual(2 + 4 * 2);
    const found = runs.flatMap(([name, run]) => [...leaks(secrets(), run.stdout, `${name} stdout`), ...leaks(secrets(), run.stderr, `${name} stderr`)]);
    expect(found).toEqual([]);
  });
});
