import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

function sts(credentials = sb.credentials as { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region = "us-east-1"): STSClient {
  return new STSClient({ region, endpoint: sb.endpoint, credentials, maxAttempts: 1 });
}

describe("STS", () => {
  it("GetCallerIdentity returns the management account's IAM user", async () => {
    const me = await sts().send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: "100000000001", Arn: "arn:aws:iam::100000000001:user/sandbox-admin", UserId: "AIDAFAKESANDBOXADMIN" });
  });

  it("AssumeRole issues fresh ASIA keys for the target account, and chaining works", async () => {
    const out = await sts().send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::200000000001:role/OrganizationAccountAccessRole", RoleSessionName: "test-session" }));
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIAFAKE[A-Z0-9]{12}$/);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(c.Expiration!.getTime() - Date.now()).toBeGreaterThan(3590_000);
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::200000000001:assumed-role/OrganizationAccountAccessRole/test-session");
    const child = sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    const me = await child.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe("200000000001");
    expect(me.Arn).toBe(out.AssumedRoleUser?.Arn);
    const chained = await child.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::200000000002:role/OrganizationAccountAccessRole", RoleSessionName: "chain" }));
    expect(chained.AssumedRoleUser?.Arn).toBe("arn:aws:sts::200000000002:assumed-role/OrganizationAccountAccessRole/chain");
  });
});
