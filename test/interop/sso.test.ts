// IAM Identity Center against implementations this project did not write.
// moto 5.2.1's server does not implement the SSO portal API (its backend index has only
// `ssoadmin`, the admin API on sso.<region>.amazonaws.com; the portal's GET /assignment/accounts
// falls through to its S3 routes and answers 404 NoSuchBucket): the first test pins that, so the
// day moto serves the portal it fails and the library's run against it gets written here.
// Meanwhile the sandbox's portal is checked with independent clients: botocore's own SSO token
// provider and credential provider read the token cache our test helper writes (the format
// `aws sso login` leaves), and boto3's and the AWS CLI's SSO clients page through it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession, listSsoAccounts } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ssoHome, type SsoHome } from "../sso/helpers.js";
import { startMoto, type MotoServer } from "./moto-server.js";

const run = promisify(execFile);
let moto: MotoServer;
let sb: Sandbox;
let home: SsoHome;

beforeAll(async () => {
  [moto, sb] = await Promise.all([startMoto(), startSandbox({ sso: { pageSize: 2 } })]);
  home = ssoHome(sb);
});
afterAll(async () => {
  home?.restore();
  await Promise.all([moto?.close(), sb?.close()]);
});

const clientEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? "", ...home.env, AWS_ENDPOINT_URL: sb.endpoint, AWS_EC2_METADATA_DISABLED: "true",
});

describe("moto 5.2.1 and the SSO portal API", () => {
  it("does not serve ListAccounts: boto3's sso client gets moto's S3 404 (NoSuchBucket)", async () => {
    const out = await moto.python([
      "import boto3, botocore",
      "c = boto3.client('sso')",
      "try:\n    c.list_accounts(accessToken='t')\n    print('served')",
      "except botocore.exceptions.ClientError as e:\n    print(e.response['ResponseMetadata']['HTTPStatusCode'], 'NoSuchBucket' in str(e))",
    ].join("\n"));
    expect(out.trim()).toBe("404 True");
  });
});

describe("the sandbox's portal with clients this project did not write", () => {
  it("botocore reads the token cache and gets the profile's role credentials from the sandbox (GetRoleCredentials)", async () => {
    const code = "import boto3; print(boto3.Session(profile_name='sso-dev').client('sts').get_caller_identity()['Arn'])";
    const { stdout } = await run("python3", ["-c", code], { env: clientEnv(), timeout: 60_000 });
    expect(stdout.trim()).toBe(`arn:aws:sts::${sb.managementAccountId}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/sandbox-user@example.com`);
  });

  it("boto3's ListAccounts paginator and the AWS CLI see the same accounts as listSsoAccounts", async () => {
    const code = [
      "import boto3",
      "c = boto3.client('sso', region_name='us-east-1')",
      `pages = list(c.get_paginator('list_accounts').paginate(accessToken='${sb.sso.accessToken}'))`,
      "print(len(pages), ' '.join(a['accountId'] for p in pages for a in p['accountList']))",
    ].join("\n");
    const { stdout } = await run("python3", ["-c", code], { env: clientEnv(), timeout: 60_000 });
    const cli = await run("aws", ["sso", "list-account-roles", "--access-token", sb.sso.accessToken, "--account-id", "200000000005", "--region", "us-east-1", "--output", "json"], { env: clientEnv(), timeout: 60_000 });
    const session = new CredentialSession({ profile: "sso-dev", region: "us-east-1", clientConfig: { endpoint: sb.endpoint } });
    const saved = { HOME: process.env.HOME, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    Object.assign(process.env, { HOME: home.env.HOME, AWS_CONFIG_FILE: home.env.AWS_CONFIG_FILE });
    try {
      const ours = await listSsoAccounts(session);
      expect(stdout.trim()).toBe(`3 ${ours.map((a) => a.accountId).join(" ")}`);
      expect((JSON.parse(cli.stdout) as { roleList: Array<{ roleName: string }> }).roleList.map((r) => r.roleName).sort()).toEqual(ours.find((a) => a.accountId === "200000000005")?.roles);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await session.close();
    }
  });
});
