import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const keys = { accessKeyId: "AKIAFAKEUNIT00000001", secretAccessKey: "fake-unit-secret", region: "us-east-1" };
const issued = (n: number) => ({
  Credentials: { AccessKeyId: `ASIAFAKEISSUED${String(n).padStart(6, "0")}`, SecretAccessKey: `issued-secret-${n}`, SessionToken: `issued-token-${n}`, Expiration: new Date(Date.now() + 3_600_000) },
});

describe("assumeRole (mocked STS)", () => {
  it("sends every parameter, asks the MFA code once per call, and caches the child", async () => {
    let asked = 0;
    sts.on(AssumeRoleCommand).resolves(issued(1));
    const base = new CredentialSession(keys);
    const options = {
      roleArn: "arn:aws:iam::222222222222:role/Audit", sessionName: "audit-run", externalId: "ext-id-42", durationSeconds: 1800,
      policy: '{"Version":"2012-10-17","Statement":[]}', policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      tags: { team: "ops" }, transitiveTagKeys: ["team"], sourceIdentity: "alice",
      serialNumber: "arn:aws:iam::111111111111:mfa/alice", tokenCode: async () => (asked++, "123456"),
    };
    const child = base.assumeRole(options);
    expect(base.assumeRole(options)).toBe(child);
    await Promise.all([child.getCredentials(), child.getCredentials(), child.withRegion("eu-west-1").getCredentials()]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(asked).toBe(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: "arn:aws:iam::222222222222:role/Audit", RoleSessionName: "audit-run", ExternalId: "ext-id-42", DurationSeconds: 1800,
      Policy: options.policy, PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }], Tags: [{ Key: "team", Value: "ops" }],
      TransitiveTagKeys: ["team"], SourceIdentity: "alice", SerialNumber: "arn:aws:iam::111111111111:mfa/alice", TokenCode: "123456",
    });
  });

  it("defaults the session name once per parent and builds ARNs in the region's partition", async () => {
    sts.on(AssumeRoleCommand).resolves(issued(2));
    const base = new CredentialSession({ ...keys, region: "cn-north-1" });
    const a = base.assumeRole({ accountId: "333333333333", roleName: "Ops" });
    const b = base.assumeRole("arn:aws-cn:iam::333333333333:role/Ops");
    expect(a).toBe(b);
    expect(a.roleArn).toBe("arn:aws-cn:iam::333333333333:role/Ops");
    await a.getCredentials();
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.RoleSessionName).toMatch(/^sessionfleet-\d{10}$/);
    expect(() => base.assumeRole("arn:aws:iam::333333333333:role/Ops")).toThrow(/partition "aws-cn"/);
  });

  it("chains: each level's STS call is signed by the level below", async () => {
    let n = 0;
    sts.on(AssumeRoleCommand).callsFake(async () => issued(++n));
    const base = new CredentialSession(keys);
    const hop = base.assumeRole("arn:aws:iam::222222222222:role/Hop");
    const final = hop.assumeRole({ roleArn: "arn:aws:iam::333333333333:role/Final", sessionName: "final" });
    expect((await final.getCredentials()).accessKeyId).toBe("ASIAFAKEISSUED000001");
    // The mock skips signing, so resolve the level-2 STS client's credentials by hand: they are
    // the first hop's, from its own AssumeRole.
    const signer = await hop.client(STSClient).config.credentials();
    expect(signer.accessKeyId).toBe("ASIAFAKEISSUED000002");
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      "arn:aws:iam::333333333333:role/Final", "arn:aws:iam::222222222222:role/Hop",
    ]);
  });

  it("a refused role is ERR_ASSUME_ROLE with roleArn, accountId and the SDK error as cause", async () => {
    const denied = Object.assign(new Error("not authorized to perform sts:AssumeRole"), { name: "AccessDenied" });
    sts.on(AssumeRoleCommand).rejects(denied);
    const child = new CredentialSession(keys).assumeRole("arn:aws:iam::444444444444:role/Nope");
    const error = await child.getCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).toMatchObject({ code: "ERR_ASSUME_ROLE", roleArn: "arn:aws:iam::444444444444:role/Nope", accountId: "444444444444", cause: denied });
  });

  it.each([
    ["a malformed ARN", "arn:aws:iam::12:role/X", /roleArn/],
    ["a bad session name", { roleArn: "arn:aws:iam::222222222222:role/X", sessionName: "a b" }, /sessionName: "a b"/],
    ["a short duration", { roleArn: "arn:aws:iam::222222222222:role/X", durationSeconds: 899 }, /durationSeconds: 899/],
    ["a long duration", { roleArn: "arn:aws:iam::222222222222:role/X", durationSeconds: 43201 }, /durationSeconds: 43201/],
    ["a bad external id", { roleArn: "arn:aws:iam::222222222222:role/X", externalId: "x" }, /externalId: "x"/],
    ["a token without serial", { roleArn: "arn:aws:iam::222222222222:role/X", tokenCode: async () => "1" }, /tokenCode/],
    ["an unknown option", { roleArn: "arn:aws:iam::222222222222:role/X", duration: 900 }, /assumeRole options.duration/],
  ])("%s is ERR_INVALID_INPUT before any call", (_label, input, message) => {
    const base = new CredentialSession(keys);
    expect(() => base.assumeRole(input as never)).toThrow(message);
    expect(sts.calls()).toHaveLength(0);
  });
});
