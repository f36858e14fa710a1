// Real clients inside `exec` children (issue 20 B.2, B.3): boto3, the AWS CLI and an SDK v3
// script, run by `exec --profile ops` where the endpoint is only in the profile, in a HOME whose
// ~/.aws/credentials has a [default] profile with other keys. Against our sandbox and against
// moto, with static keys and with --serve-credentials, every child must act as the target's role
// (the ARN it prints), never as [default], and reach the run's endpoint (not the public STS).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";

const ROLE = "OrganizationAccountAccessRole";
const SANDBOX_TARGET = "300000000001";
// moto accepts AssumeRole into any account's role and then answers as that account.
const MOTO_TARGET = "111111111111";
// Keys no target uses: a child that fell through to [default] would act as them.
const DEFAULT_KEYS = { accessKeyId: "AKIADEFAULTFAKE00001", secretAccessKey: "FAKEdefaultSecretKeyThatNoTargetUses000001" };

let sb: Sandbox;
let moto: MotoServer;
let scripts: string;

beforeAll(async () => {
  [sb, moto] = await Promise.all([startSandbox({ accounts: [{ id: SANDBOX_TARGET }] }), startMoto()]);
  scripts = mkdtempSync(join(tmpdir(), "sessionfleet-exec-clients-"));
  writeFileSync(join(scripts, "boto.py"), "import boto3\nprint('boto3', boto3.client('sts').get_caller_identity()['Arn'])\n");
  // Resolved from the run's working directory (the project), as a user's script would be.
  writeFileSync(join(scripts, "sdk.cjs"), `
const { STSClient, GetCallerIdentityCommand } = require(require.resolve("@aws-sdk/client-sts", { paths: [process.cwd()] }));
new STSClient({}).send(new GetCallerIdentityCommand({})).then((id) => console.log("sdkv3", id.Arn), (e) => console.log("sdkv3 failed", e.name));
`);
});
afterAll(async () => {
  await Promise.all([sb?.close(), moto?.close()]);
});

/** A HOME whose ~/.aws has [default] with other keys and [profile ops] with the caller's keys and the endpoint. */
function home(endpoint: string, caller: { accessKeyId: string; secretAccessKey: string }): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-home-"));
  mkdirSync(join(dir, ".aws"), { mode: 0o700 });
  writeFileSync(join(dir, ".aws", "credentials"),
    `[default]\naws_access_key_id = ${DEFAULT_KEYS.accessKeyId}\naws_secret_access_key = ${DEFAULT_KEYS.secretAccessKey}\n\n` +
    `[ops]\naws_access_key_id = ${caller.accessKeyId}\naws_secret_access_key = ${caller.secretAccessKey}\n`);
  writeFileSync(join(dir, ".aws", "config"), `[default]\nregion = us-east-1\n\n[profile ops]\nregion = us-east-1\nendpoint_url = ${endpoint}\n`);
  const env = cleanEnv({ HOME: dir });
  delete env.AWS_CONFIG_FILE;
  delete env.AWS_SHARED_CREDENTIALS_FILE;
  return env;
}

const CHILD = () => `python3 ${join(scripts, "boto.py")} 2>&1; printf 'awscli '; aws sts get-caller-identity --query Arn --output text 2>&1; node ${join(scripts, "sdk.cjs")}`;

/** What each client printed, by client. */
function arns(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const match = /\| (boto3|awscli|sdkv3) (.*)$/.exec(line);
    if (match) out[match[1]!] = match[2]!;
  }
  return out;
}

const cases = [
  { server: "sandbox", serve: false },
  { server: "sandbox", serve: true },
  { server: "moto", serve: false },
  { server: "moto", serve: true },
] as const;

describe("exec children with boto3, the AWS CLI and SDK v3", () => {
  it.each(cases)("$server, --serve-credentials $serve: every client acts as the target's role at the profile's endpoint, never as [default]", async ({ server, serve }) => {
    const onMoto = server === "moto";
    const env = onMoto ? home(moto.endpoint, MOTO_KEYS) : home(sb.endpoint, sb.credentials);
    const target = onMoto ? MOTO_TARGET : SANDBOX_TARGET;
    const run = await runCli(["exec", "--profile", "ops", "--accounts", target, "--role", ROLE, "--timeout", "40s", ...(serve ? ["--serve-credentials"] : []), "--shell", "--", CHILD()], env);
    const role = new RegExp(`^arn:aws:sts::${target}:assumed-role/${ROLE}/`);
    expect(arns(run.stdout), run.stdout + run.stderr).toEqual({ boto3: expect.stringMatching(role), awscli: expect.stringMatching(role), sdkv3: expect.stringMatching(role) });
    expect(run.code).toBe(0);
  }, 60_000);
});
