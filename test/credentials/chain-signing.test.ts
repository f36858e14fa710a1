// A chained child's AssumeRole is signed by the level below, checked where it can be: the sandbox
// verifies every SigV4 signature against the keys it issued and counts each request under the
// account of the key that signed it (stats.byAccount).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { harness, roleArn, type Harness } from "../e2e/helpers.js";

let h: Harness;
beforeEach(async () => (h = await harness()));
afterEach(async () => h.close());

describe("assumeRole chains against the sandbox", () => {
  it("each level's STS call is signed by the level below", async () => {
    const hop = h.base.assumeRole(roleArn("200000000001"));
    const final = hop.assumeRole({ roleArn: roleArn("200000000002"), sessionName: "final" });
    const issued = await final.getCredentials();
    const stats = h.sb.stats();
    // Two AssumeRole calls: Hop's signed by the base user (management account 100000000001),
    // Final's signed by Hop's issued key (account 200000000001). Nothing else was sent.
    expect(stats.byAction).toEqual({ "sts:AssumeRole": 2 });
    expect(stats.assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000002": 1 });
    expect(stats.byAccount).toEqual({ "100000000001": 1, "200000000001": 1 });
    expect(stats.signatureFailures).toBe(0);
    expect(stats.errors).toEqual({});
    // The keys Final got are the sandbox's, for Final's role and session name.
    expect(issued.accessKeyId).not.toBe((await hop.getCredentials()).accessKeyId);
    const sts = new STSClient({ region: "us-east-1", endpoint: h.sb.endpoint, credentials: issued, maxAttempts: 1 });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:sts::200000000002:assumed-role/OrganizationAccountAccessRole/final");
    sts.destroy();
    expect(h.sb.stats().byAccount).toEqual({ "100000000001": 1, "200000000001": 1, "200000000002": 1 });
  });
});
