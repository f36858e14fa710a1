// The CLI (dist/cli/bin.js) against moto's server: whoami, accounts, option-groups (moto's gap,
// and the `call` workaround), call with the AWS CLI's spelling, a plain exec, and the file cache
// across two runs. A recording proxy in front of moto counts AssumeRole answers (moto keeps no
// request counter): it learns every session token STS issues from the wire.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecorder, type Recorder } from "../secrets/capture.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { MOTO_ACCOUNT, MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";

const ROLE = "OrganizationAccountAccessRole";
let moto: MotoServer;
let rec: Recorder;
let org: { a: string; b: string; suspended: string };

beforeAll(async () => {
  moto = await startMoto();
  org = JSON.parse(await moto.python(`
import boto3, json
o = boto3.client("organizations")
o.create_organization(FeatureSet="ALL")
new = lambda name: o.create_account(AccountName=name, Email=name + "@example.com")["CreateAccountStatus"]["AccountId"]
a, b, s = new("app-a"), new("app-b"), new("retired")
o.close_account(AccountId=s)
# An option group in account a, made with credentials of a's role (moto keeps resources per account).
c = boto3.client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/${ROLE}" % a, RoleSessionName="seed")["Credentials"]
rds = boto3.client("rds", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
rds.create_option_group(OptionGroupName="og-a", EngineName="mysql", MajorEngineVersion="8.0", OptionGroupDescription="seeded")
print(json.dumps({"a": a, "b": b, "suspended": s}))
`)) as typeof org;
  rec = await startRecorder(moto.endpoint);
}, 120_000);
afterAll(async () => {
  await rec?.close();
  await moto?.close();
});

const env = (extra: Record<string, string> = {}) => cleanEnv({ AWS_ACCESS_KEY_ID: MOTO_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_KEYS.secretAccessKey, AWS_REGION: "us-east-1", ...extra });
const at = (endpoint = moto.endpoint) => ["--endpoint-url", endpoint];
const tokens = () => rec.issued.filter((s) => s.kind === "issued session token").length;
const assumed = (account: string) => expect.stringMatching(new RegExp(`^arn:aws:sts::${account}:assumed-role/${ROLE}/`)) as unknown;
type Json = { targets: Array<{ accountId: string; region: string; ok: boolean; arn?: string; output?: unknown; error?: { message: string; httpStatus?: number } }> };

describe("the CLI against moto", () => {
  it("whoami in two member accounts × two regions: moto answers as each account's role", async () => {
    const run = await runCli(["whoami", ...at(), "--accounts", `${org.a},${org.b}`, "--role", ROLE, "--regions", "us-east-1,eu-west-1", "--format", "json"], env());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as Json).targets.map((t) => [t.accountId, t.region, t.ok, t.arn]);
    expect(rows).toEqual([[org.a, "us-east-1", true, assumed(org.a)], [org.a, "eu-west-1", true, assumed(org.a)], [org.b, "us-east-1", true, assumed(org.b)], [org.b, "eu-west-1", true, assumed(org.b)]]);
  });

  it("accounts: moto's organisation (its JSON comes as text/html), the ACTIVE accounts only", async () => {
    const run = await runCli(["accounts", ...at(), "--format", "json"], env());
    expect(run.code).toBe(0);
    const listed = (JSON.parse(run.stdout) as { accounts: Array<{ accountId: string; name: string; status: string }> }).accounts;
    expect(listed.map((a) => [a.accountId, a.name, a.status]).sort()).toEqual([[MOTO_ACCOUNT, "master", "ACTIVE"], [org.a, "app-a", "ACTIVE"], [org.b, "app-b", "ACTIVE"]].sort());
    expect(run.stdout).not.toContain(org.suspended);
  });

  it("option-groups: stock moto answers DescribeOptionGroups without a name with HTTP 500 (a moto gap); call with a name is the workaround", async () => {
    const gap = await runCli(["option-groups", ...at(), "--accounts", org.a, "--role", ROLE, "--regions", "us-east-1", "--format", "json"], env());
    expect(gap.code).toBe(1);
    const failed = (JSON.parse(gap.stdout) as Json).targets[0]!;
    expect([failed.ok, failed.error?.httpStatus]).toEqual([false, 500]);
    expect(gap.stderr).toContain("HTTP 500 from RDS DescribeOptionGroups with a body that was not an AWS response (content-type text/html");
    const call = await runCli(["call", "rds", "describe-option-groups", ...at(), "--accounts", `${org.a},${org.b}`, "--role", ROLE, "--regions", "us-east-1", "--input", '{"OptionGroupName": "og-a"}', "--query", "OptionGroupsList[].OptionGroupName", "--format", "json"], env());
    const results = (JSON.parse(call.stdout) as Json).targets.map((t) => [t.accountId, t.ok, t.ok ? t.output : undefined]);
    // og-a lives in account a only: b answers OptionGroupNotFoundFault.
    expect(results).toEqual([[org.a, true, ["og-a"]], [org.b, false, undefined]]);
    expect(call.stderr).toContain("OptionGroupNotFoundFault");
  });

  it("call sts get-caller-identity over the organisation (AWS CLI spelling): one answer per ACTIVE member", async () => {
    const run = await runCli(["call", "sts", "get-caller-identity", ...at(), "--accounts", "org", "--role", ROLE, "--regions", "us-east-1", "--query", "Account", "--format", "json"], env());
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Json).targets.map((t) => [t.accountId, t.output]).sort()).toEqual([[org.a, org.a], [org.b, org.b]].sort());
  });

  it("exec: the child gets the target's moto credentials, region and endpoint", async () => {
    const before = rec.issued.filter((s) => s.kind === "issued access key id").map((s) => s.value);
    const run = await runCli(["exec", ...at(rec.endpoint), "--accounts", org.b, "--role", ROLE, "--regions", "eu-west-1", "--no-cache", "--", "sh", "-c", 'echo "$AWS_ACCESS_KEY_ID $AWS_REGION $AWS_ENDPOINT_URL ${AWS_SESSION_TOKEN:+token} $SESSIONFLEET_ACCOUNT_ID"'], env());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const issued = rec.issued.filter((s) => s.kind === "issued access key id").map((s) => s.value).filter((k) => !before.includes(k));
    expect(issued).toHaveLength(1);
    expect(run.stdout).toContain(`${org.b}/eu-west-1 | ${issued[0]} eu-west-1 ${rec.endpoint} token ${org.b}`);
  });

  it("the file cache across two runs: the second makes no AssumeRole (counted on the wire) and prints the same", async () => {
    const cache = mkdtempSync(join(tmpdir(), "sessionfleet-interop-cache-"));
    const args = ["whoami", ...at(rec.endpoint), "--accounts", `${org.a},${org.b}`, "--role", ROLE, "--regions", "us-east-1", "--format", "json"];
    const start = tokens();
    const first = await runCli(args, env({ SESSIONFLEET_CACHE_DIR: cache }));
    expect(first.code).toBe(0);
    expect(tokens() - start).toBe(2);
    expect(readdirSync(cache).filter((f) => f.endsWith(".json"))).toHaveLength(2);
    const second = await runCli(args, env({ SESSIONFLEET_CACHE_DIR: cache }));
    expect(second.code).toBe(0);
    expect(tokens() - start).toBe(2);
    expect(second.stdout).toBe(first.stdout);
  });
});
