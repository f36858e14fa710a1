import { STSClient, type AssumeRoleCommandInput, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import type { SerializeMiddleware } from "@smithy/types";
import { describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";

const keys = { accessKeyId: "AKIAFAKEUNIT00000001", secretAccessKey: "fake-unit-secret", region: "us-east-1" };
const issued = (n: number) => ({
  Credentials: { AccessKeyId: `ASIAFAKEISSUED${String(n).padStart(6, "0")}`, SecretAccessKey: `issued-secret-${n}`, SessionToken: `issued-token-${n}`, Expiration: new Date(Date.now() + 3_600_000) },
});

/**
 * A fake STS inside the SDK's own middleware stack of the session's STS client: the command runs
 * the initialize step (the SDK's logger and sessionfleet's middleware that takes the issued keys)
 * and is answered at the start of the serialize step, before anything is signed or sent. Signing
 * and the wire are tested against the sandbox (chain-signing.test.ts, test/e2e).
 */
function fakeSts(session: CredentialSession, answer: (input: AssumeRoleCommandInput) => Partial<AssumeRoleCommandOutput>): AssumeRoleCommandInput[] {
  const calls: AssumeRoleCommandInput[] = [];
  const middleware: SerializeMiddleware<AssumeRoleCommandInput, AssumeRoleCommandOutput> = () => async (args) => {
    calls.push(args.input);
    return { output: { $metadata: {}, ...answer(args.input) }, response: {} };
  };
  session.client(STSClient).middlewareStack.add(middleware as never, { step: "serialize", priority: "high", name: "testFakeSts" });
  return calls;
}

/** Lets background work run, so "no call" is not read before a call could have been made. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("assumeRole (fake STS in the SDK stack)", () => {
  it("sends every parameter, asks the MFA code once per call, and caches the child", async () => {
    let asked = 0;
    const base = new CredentialSession(keys);
    const calls = fakeSts(base, () => issued(1));
    const options = {
      roleArn: "arn:aws:iam::222222222222:role/Audit", sessionName: "audit-run", externalId: "ext-id-42", durationSeconds: 1800,
      policy: '{"Version":"2012-10-17","Statement":[]}', policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      tags: { team: "ops" }, transitiveTagKeys: ["team"], sourceIdentity: "alice",
      serialNumber: "arn:aws:iam::111111111111:mfa/alice", tokenCode: async () => (asked++, "123456"),
    };
    const child = base.assumeRole(options);
    expect(base.assumeRole(options)).toBe(child);
    const all = await Promise.all([child.getCredentials(), child.getCredentials(), child.withRegion("eu-west-1").getCredentials()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(Array(3).fill("ASIAFAKEISSUED000001"));
    expect(all[0]).toMatchObject({ secretAccessKey: "issued-secret-1", sessionToken: "issued-token-1" });
    expect(calls).toHaveLength(1);
    expect(asked).toBe(1);
    expect(calls[0]).toEqual({
      RoleArn: "arn:aws:iam::222222222222:role/Audit", RoleSessionName: "audit-run", ExternalId: "ext-id-42", DurationSeconds: 1800,
      Policy: options.policy, PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }], Tags: [{ Key: "team", Value: "ops" }],
      TransitiveTagKeys: ["team"], SourceIdentity: "alice", SerialNumber: "arn:aws:iam::111111111111:mfa/alice", TokenCode: "123456",
    });
  });

  it("defaults the session name once per parent and builds ARNs in the region's partition", async () => {
    const base = new CredentialSession({ ...keys, region: "cn-north-1" });
    const calls = fakeSts(base, () => issued(2));
    const a = base.assumeRole({ accountId: "333333333333", roleName: "Ops" });
    const b = base.assumeRole("arn:aws-cn:iam::333333333333:role/Ops");
    expect(a).toBe(b);
    expect(a.roleArn).toBe("arn:aws-cn:iam::333333333333:role/Ops");
    expect((await a.getCredentials()).accessKeyId).toBe("ASIAFAKEISSUED000002");
    expect(calls.map((c) => c.RoleSessionName)).toEqual([expect.stringMatching(/^sessionfleet-\d{10}$/)]);
    expect(() => base.assumeRole("arn:aws:iam::333333333333:role/Ops")).toThrow(/partition "aws-cn"/);
  });

  it("a refused role is ERR_ASSUME_ROLE with roleArn, accountId and the SDK error as cause", async () => {
    const denied = Object.assign(new Error("not authorized to perform sts:AssumeRole"), { name: "AccessDenied" });
    const base = new CredentialSession(keys);
    const calls = fakeSts(base, () => {
      throw denied;
    });
    const child = base.assumeRole("arn:aws:iam::444444444444:role/Nope");
    const error = await child.getCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).toMatchObject({ code: "ERR_ASSUME_ROLE", roleArn: "arn:aws:iam::444444444444:role/Nope", accountId: "444444444444", cause: denied });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["a malformed ARN", "arn:aws:iam::12:role/X", /roleArn/],
    ["a bad session name", { roleArn: "arn:aws:iam::222222222222:role/X", sessionName: "a b" }, /sessionName: "a b"/],
    ["a short duration", { roleArn: "arn:aws:iam::222222222222:role/X", durationSeconds: 899 }, /durationSeconds: 899/],
    ["a long duration", { roleArn: "arn:aws:iam::222222222222:role/X", durationSeconds: 43201 }, /durationSeconds: 43201/],
    ["a bad external id", { roleArn: "arn:aws:iam::222222222222:role/X", externalId: "x" }, /externalId: "x"/],
    ["a token without serial", { roleArn: "arn:aws:iam::222222222222:role/X", tokenCode: async () => "1" }, /tokenCode/],
    ["an unknown option", { roleArn: "arn:aws:iam::222222222222:role/X", duration: 900 }, /assumeRole options.duration/],
  ])("%s is ERR_INVALID_INPUT before any call", async (_label, input, message) => {
    const base = new CredentialSession(keys);
    const calls = fakeSts(base, () => issued(3));
    expect(() => base.assumeRole(input as never)).toThrow(message);
    await turns();
    expect(calls).toHaveLength(0);
  });
});
