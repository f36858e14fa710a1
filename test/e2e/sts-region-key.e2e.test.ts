// Issue 12 B.6: a child's STS region follows the view it was made from. The child cache key
// includes the STS region, so base.withRegion("eu-central-1").assumeRole(arn) calls STS in
// eu-central-1 even after base.assumeRole(arn) made a us-east-1 child.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { harness, roleArn, type Harness } from "./helpers.js";

let h: Harness;
beforeEach(async () => (h = await harness()));
afterEach(async () => h.close());

describe("the STS region of a child", () => {
  it("a region view's assumeRole calls STS in that view's region", async () => {
    const arn = roleArn("200000000001");
    await h.base.assumeRole(arn).getCredentials();
    expect(h.sb.stats().byRegion).toEqual({ "us-east-1": 1 });
    h.sb.resetStats();
    const eu = h.base.withRegion("eu-central-1").assumeRole(arn);
    await eu.getCredentials();
    expect(h.sb.stats().assumeRole.total).toBe(1);
    expect(h.sb.stats().byRegion).toEqual({ "eu-central-1": 1 });
    expect(eu.region).toBe("eu-central-1");
  });

  it("the same view and role still share one child (1 AssumeRole for 3 calls)", async () => {
    const arn = roleArn("200000000002");
    const view = h.base.withRegion("eu-central-1");
    await Promise.all([view.assumeRole(arn).getCredentials(), view.assumeRole(arn).getCredentials(), view.assumeRole({ accountId: "200000000002", roleName: "OrganizationAccountAccessRole" }).getCredentials()]);
    expect(h.sb.stats().assumeRole.total).toBe(1);
    expect(h.sb.stats().byRegion).toEqual({ "eu-central-1": 1 });
  });

  it("an explicit stsRegion equal to the view's region gives the same child", () => {
    const arn = roleArn("200000000002");
    const view = h.base.withRegion("eu-central-1");
    expect(view.assumeRole({ roleArn: arn, stsRegion: "eu-central-1" })).toBe(view.assumeRole(arn));
  });
});
