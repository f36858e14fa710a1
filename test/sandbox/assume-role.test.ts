import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig, rejection } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

const arn = (account: string, role = "OrganizationAccountAccessRole") => `arn:aws:iam::${account}:role/${role}`;
const call = (input: Partial<AssumeRoleCommandInput>, keys = sb.credentials as Parameters<typeof clientConfig>[2]) =>
  new STSClient(clientConfig(sb, "us-east-1", keys)).send(new AssumeRoleCommand({ RoleArn: arn("200000000001"), RoleSessionName: "s1", ...input }));

describe("AssumeRole checks what a trust policy would", () => {
  it.each([
    ["a member without the role (200000000003)", { RoleArn: arn("200000000003") }],
    ["a suspended member (200000000006)", { RoleArn: arn("200000000006") }],
    ["an account outside the organisation", { RoleArn: arn("999999999999") }],
    ["a role name that does not exist", { RoleArn: arn("200000000001", "NoSuchRole") }],
    ["a missing ExternalId", { RoleArn: arn("200000000001", "AuditRole") }],
    ["a wrong ExternalId", { RoleArn: arn("200000000001", "AuditRole"), ExternalId: "wrong-id" }],
    ["a missing MFA token", { RoleArn: arn("200000000002", "BreakGlassRole"), SerialNumber: "arn:aws:iam::100000000001:mfa/sandbox-admin" }],
    ["a wrong MFA token", { RoleArn: arn("200000000002", "BreakGlassRole"), SerialNumber: "arn:aws:iam::100000000001:mfa/sandbox-admin", TokenCode: "000000" }],
  ])("refuses %s with AccessDenied", async (_what, input) => {
    const error = await rejection(call(input));
    expect(error.name).toBe("AccessDenied");
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it("accepts the right ExternalId and MFA code", async () => {
    expect((await call({ RoleArn: arn("200000000001", "AuditRole"), ExternalId: "sandbox-external-id" })).AssumedRoleUser?.Arn).toBe("arn:aws:sts::200000000001:assumed-role/AuditRole/s1");
    const mfa = await call({ RoleArn: arn("200000000002", "BreakGlassRole"), SerialNumber: "arn:aws:iam::100000000001:mfa/sandbox-admin", TokenCode: "123456" });
    expect(mfa.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it.each([
    ["a one-character session name", { RoleSessionName: "x" }],
    ["a session name with a space", { RoleSessionName: "bad name" }],
    ["a 65-character session name", { RoleSessionName: "a".repeat(65) }],
    ["DurationSeconds below 900", { DurationSeconds: 899 }],
    ["DurationSeconds above 43200", { DurationSeconds: 43_201 }],
    ["a malformed role ARN", { RoleArn: "arn:aws:iam::12345:role/X" }],
  ])("rejects %s with ValidationError", async (_what, input) => {
    expect((await rejection(call(input))).name).toBe("ValidationError");
  });

  it("uses DurationSeconds for the expiry", async () => {
    const out = await call({ DurationSeconds: 900 });
    const left = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(left).toBeGreaterThan(898_000);
    expect(left).toBeLessThanOrEqual(900_000);
  });

  it("trustedAccounts limits who may assume a role", async () => {
    const own = await startSandbox({
      accounts: [{ id: "300000000001" }, { id: "300000000002" }],
      roles: [
        { accountId: "300000000001", roleName: "Hub", trustedAccounts: ["100000000001"] },
        { accountId: "300000000002", roleName: "Spoke", trustedAccounts: ["300000000001"] },
      ],
    });
    try {
      const hub = await assume(own, "300000000001", "Hub");
      const sts = (keys: Parameters<typeof clientConfig>[2]) => new STSClient(clientConfig(own, "us-east-1", keys));
      const spoke = await sts(hub).send(new AssumeRoleCommand({ RoleArn: arn("300000000002", "Spoke"), RoleSessionName: "chain" }));
      expect(spoke.AssumedRoleUser?.Arn).toBe("arn:aws:sts::300000000002:assumed-role/Spoke/chain");
      expect((await rejection(sts(own.credentials).send(new AssumeRoleCommand({ RoleArn: arn("300000000002", "Spoke"), RoleSessionName: "direct" })))).name).toBe("AccessDenied");
      expect(own.stats().assumeRole).toEqual({ total: 3, byAccount: { "300000000001": 1, "300000000002": 2 } });
    } finally {
      await own.close();
    }
  });

  it("counts every attempt, refused or not, by target account", async () => {
    sb.resetStats();
    await call({});
    await rejection(call({ RoleArn: arn("200000000003") }));
    await rejection(call({ RoleArn: arn("200000000006") }));
    await rejection(call({ RoleSessionName: "x" }));
    expect(sb.stats().assumeRole).toEqual({ total: 4, byAccount: { "200000000001": 2, "200000000003": 1, "200000000006": 1 } });
    expect(sb.stats().errors).toEqual({ AccessDenied: 2, ValidationError: 1 });
  });
});
