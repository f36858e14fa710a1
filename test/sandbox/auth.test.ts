import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig, rejection } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const wrongSecret = () => ({ accessKeyId: sb.credentials.accessKeyId, secretAccessKey: "FAKEwrongSECRET0000000000000000000000000" });
const unknownKey = { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "FAKEsecret" };
const identity = new GetCallerIdentityCommand({});

describe("authentication errors raise the real exception classes", () => {
  it("wrong secret: SignatureDoesNotMatch (query), InvalidSignatureException (JSON)", async () => {
    sb.resetStats();
    const sts = await rejection(new STSClient(clientConfig(sb, "us-east-1", wrongSecret())).send(identity));
    expect(sts.name).toBe("SignatureDoesNotMatch");
    expect(sts.$metadata?.httpStatusCode).toBe(403);
    const rds = await rejection(new RDSClient(clientConfig(sb, "eu-west-1", wrongSecret())).send(new DescribeOptionGroupsCommand({})));
    expect(rds.name).toBe("SignatureDoesNotMatch");
    const org = await rejection(new OrganizationsClient(clientConfig(sb, "us-east-1", wrongSecret())).send(new ListAccountsCommand({})));
    expect(org.name).toBe("InvalidSignatureException");
    expect(sb.stats().signatureFailures).toBe(3);
    expect(sb.stats().errors).toEqual({ SignatureDoesNotMatch: 2, InvalidSignatureException: 1 });
  });

  it("unknown key: InvalidClientTokenId / UnrecognizedClientException / AuthFailure", async () => {
    sb.resetStats();
    expect((await rejection(new STSClient(clientConfig(sb, "us-east-1", unknownKey)).send(identity))).name).toBe("InvalidClientTokenId");
    expect((await rejection(new OrganizationsClient(clientConfig(sb, "us-east-1", unknownKey)).send(new ListAccountsCommand({})))).name).toBe("UnrecognizedClientException");
    expect((await rejection(new AccountClient(clientConfig(sb, "us-east-1", unknownKey)).send(new ListRegionsCommand({})))).name).toBe("UnrecognizedClientException");
    expect((await rejection(new EC2Client(clientConfig(sb, "us-east-1", unknownKey)).send(new DescribeRegionsCommand({})))).name).toBe("AuthFailure");
    expect(sb.stats().byAccount).toEqual({ unknown: 4 });
    expect(sb.stats().signatureFailures).toBe(0);
  });

  it("a session token that does not belong to the key: InvalidClientTokenId", async () => {
    const keys = await assume(sb, "200000000001");
    const error = await rejection(new STSClient(clientConfig(sb, "us-east-1", { ...keys, sessionToken: "FAKEotherTOKEN" })).send(identity));
    expect(error.name).toBe("InvalidClientTokenId");
  });

  it("expired credentials after expireAll(): ExpiredToken / ExpiredTokenException / RequestExpired", async () => {
    const keys = await assume(sb, "200000000001");
    const mgmtKeys = await assume(sb, "100000000001", "OrganizationAccountAccessRole").catch(() => undefined);
    expect(mgmtKeys).toBeUndefined(); // the management account has no such role
    await new STSClient(clientConfig(sb, "us-east-1", keys)).send(identity);
    sb.expireAll();
    expect((await rejection(new STSClient(clientConfig(sb, "us-east-1", keys)).send(identity))).name).toBe("ExpiredToken");
    expect((await rejection(new RDSClient(clientConfig(sb, "us-east-1", keys)).send(new DescribeOptionGroupsCommand({})))).name).toBe("ExpiredToken");
    expect((await rejection(new AccountClient(clientConfig(sb, "us-east-1", keys)).send(new ListRegionsCommand({})))).name).toBe("ExpiredTokenException");
    expect((await rejection(new EC2Client(clientConfig(sb, "us-east-1", keys)).send(new DescribeRegionsCommand({})))).name).toBe("RequestExpired");
    // The IAM user's long-term keys never expire, and new sessions work again.
    const fresh = await assume(sb, "200000000001");
    expect((await new STSClient(clientConfig(sb, "us-east-1", fresh)).send(identity)).Account).toBe("200000000001");
  });

  it("credentials expire by time (credentialSeconds)", async () => {
    const short = await startSandbox({ credentialSeconds: 1 });
    try {
      const out = await new STSClient(clientConfig(short)).send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::200000000001:role/OrganizationAccountAccessRole", RoleSessionName: "short" }));
      const expiration = out.Credentials!.Expiration!.getTime();
      expect(expiration - Date.now()).toBeLessThanOrEqual(1000);
      const keys = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
      expect((await new STSClient(clientConfig(short, "us-east-1", keys)).send(identity)).Account).toBe("200000000001");
      // Move only the clock (the server runs in this process), to just past the announced expiry.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(expiration);
      expect((await rejection(new STSClient(clientConfig(short, "us-east-1", keys)).send(identity))).name).toBe("ExpiredToken");
    } finally {
      vi.useRealTimers();
      await short.close();
    }
  });

  it("a region not enabled for the caller's account: InvalidClientTokenId / AuthFailure; global services accept any region", async () => {
    expect((await rejection(new STSClient(clientConfig(sb, "af-south-1")).send(identity))).name).toBe("InvalidClientTokenId");
    expect((await rejection(new RDSClient(clientConfig(sb, "ap-east-1")).send(new DescribeOptionGroupsCommand({})))).name).toBe("InvalidClientTokenId");
    expect((await rejection(new EC2Client(clientConfig(sb, "ap-east-1")).send(new DescribeRegionsCommand({})))).name).toBe("AuthFailure");
    const orgs = await new OrganizationsClient(clientConfig(sb, "af-south-1")).send(new ListAccountsCommand({}));
    expect(orgs.Accounts).toHaveLength(7);
  });
});
