import { inspect } from "node:util";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FleetError } from "../../src/index.js";
import { DEMO_REGIONS, harness, roleArn, type Harness } from "./helpers.js";
import { settledRequests, settledStats } from "./settled.js";

let h: Harness;
beforeEach(async () => (h = await harness()));
afterEach(async () => h.close());

const assumeCalls = () => h.sb.stats().assumeRole.total;

describe("assumeRole against the sandbox", () => {
  it("one account used from 8 regions at once: exactly 1 AssumeRole", async () => {
    const child = h.base.assumeRole(roleArn("200000000001"));
    const counts = await Promise.all(
      DEMO_REGIONS.map(async (region) => (await child.withRegion(region).client(RDSClient).send(new DescribeOptionGroupsCommand({}))).OptionGroupsList?.length),
    );
    expect(counts).toEqual([3, 0, 0, 0, 1, 0, 0, 0]);
    expect(assumeCalls()).toBe(1);
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1 });
  });

  it("50 concurrent getCredentials() on a fresh child: 1 AssumeRole", async () => {
    const child = h.base.assumeRole(roleArn("200000000002"));
    const all = await Promise.all(Array.from({ length: 50 }, () => child.getCredentials()));
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(assumeCalls()).toBe(1);
  });

  it("after every credential expires, the next call succeeds with exactly 1 more AssumeRole", async () => {
    const child = h.base.assumeRole(roleArn("200000000001"));
    const rds = child.client(RDSClient);
    await rds.send(new DescribeOptionGroupsCommand({}));
    const before = (await child.getCredentials()).accessKeyId;
    h.sb.expireAll();
    const out = await Promise.all(DEMO_REGIONS.slice(0, 4).map((r) => child.withRegion(r).client(RDSClient).send(new DescribeOptionGroupsCommand({}))));
    expect(out.map((o) => o.OptionGroupsList?.length)).toEqual([3, 0, 0, 0]);
    expect(assumeCalls()).toBe(2);
    expect((await child.getCredentials()).accessKeyId).not.toBe(before);
  });

  it("a 3-level chain resolves, and refreshes bottom-up after expiry", async () => {
    const third = h.base
      .assumeRole(roleArn("200000000001"))
      .assumeRole({ roleArn: roleArn("200000000002"), sessionName: "hop-two" })
      .assumeRole({ roleArn: roleArn("200000000004"), sessionName: "hop-three" });
    const sts = third.client(STSClient);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe("arn:aws:sts::200000000004:assumed-role/OrganizationAccountAccessRole/hop-three");
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000002": 1, "200000000004": 1 });
    h.sb.expireAll();
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("200000000004");
    // Each level got one new credential. The top two levels' first attempts were signed with the
    // expired key of the level below, were answered ExpiredToken (counted as attempts), and were
    // retried once after that level refreshed: 001 +1, 002 +2, 004 +2.
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 2, "200000000002": 3, "200000000004": 3 });
    expect(h.sb.stats().errors).toEqual({ ExpiredToken: 3 });
    expect((await third.identity()).accountId).toBe("200000000004");
  });

  it("a refused role is ERR_ASSUME_ROLE after exactly 1 STS attempt", async () => {
    const child = h.base.assumeRole(roleArn("200000000003"));
    const error = await child.client(RDSClient).send(new DescribeOptionGroupsCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect(error).toMatchObject({ code: "ERR_ASSUME_ROLE", accountId: "200000000003", roleArn: roleArn("200000000003") });
    expect((error as FleetError).cause).toMatchObject({ name: "AccessDenied" });
    expect(assumeCalls()).toBe(1);
    expect((await settledStats(h.sb)).byService.rds ?? 0).toBe(0);
  });

  it("ExternalId and MFA roles work when given and are refused when not", async () => {
    const audit = h.base.assumeRole({ roleArn: roleArn("200000000001", "AuditRole"), externalId: "sandbox-external-id" });
    expect((await audit.identity()).arn).toContain("assumed-role/AuditRole/");
    await expect(h.base.assumeRole(roleArn("200000000001", "AuditRole")).getCredentials()).rejects.toMatchObject({ code: "ERR_ASSUME_ROLE" });
    let asked = 0;
    const breakGlass = h.base.assumeRole({
      roleArn: roleArn("200000000002", "BreakGlassRole"), serialNumber: "arn:aws:iam::100000000001:mfa/sandbox-admin", tokenCode: async () => (asked++, "123456"),
    });
    await breakGlass.getCredentials();
    await breakGlass.getCredentials();
    expect(asked).toBe(1);
  });

  it("bad input sends 0 requests", async () => {
    for (const bad of ["arn:aws:iam::1234:role/X", "arn:aws:iam::123456789012:user/X", { roleArn: roleArn("200000000001"), sessionName: "x" }, { accountId: "abc", roleName: "R" }]) {
      expect(() => h.base.assumeRole(bad as never)).toThrow(FleetError);
    }
    expect(await settledRequests(h.sb)).toBe(0);
  });

  it("no issued secret, token or whole key id appears in inspect/JSON/String of sessions or errors", async () => {
    const child = h.base.assumeRole(roleArn("200000000001"));
    const issued = await child.getCredentials();
    const refused = await h.base.assumeRole(roleArn("200000000003")).getCredentials().catch((e: unknown) => e);
    const texts = [child, child.withRegion("eu-west-1"), h.base, refused].flatMap((value) => [
      inspect(value, { depth: 8 }), JSON.stringify(value), String(value), value instanceof Error ? String(value.stack) : "",
    ]);
    for (const secret of [issued.secretAccessKey, issued.sessionToken!, issued.accessKeyId, h.sb.credentials.secretAccessKey, h.sb.credentials.accessKeyId]) {
      for (const text of texts) expect(text).not.toContain(secret);
    }
    expect(JSON.stringify(child)).toContain(`"roleArn":"${roleArn("200000000001")}"`);
  });

  it("close() aborts an AssumeRole still in flight: nothing is left waiting on a socket", async () => {
    h.sb.setLatency({ byService: { sts: 60_000 } });
    const child = h.base.assumeRole(roleArn("200000000004"));
    const pending = child.getCredentials().catch((e: unknown) => e);
    await vi.waitFor(() => expect(h.sb.stats().inFlight).toBe(1), { timeout: 2000, interval: 5 });
    await child.close();
    expect(await pending).toMatchObject({ code: "ERR_ASSUME_ROLE", accountId: "200000000004" });
    await vi.waitFor(() => expect(h.sb.stats().inFlight).toBe(0), { timeout: 1000, interval: 5 });
    expect(h.sb.stats().assumeRole.total).toBe(1);
  });

  it("the child of a region view calls STS in that region", async () => {
    const child = h.base.withRegion("eu-central-1").assumeRole(roleArn("200000000005"));
    await child.getCredentials();
    expect(h.sb.stats().byRegion).toEqual({ "eu-central-1": 1 });
    expect(child.region).toBe("eu-central-1");
    // And the child of the us-east-1 session calls STS in us-east-1 (another account, so the
    // child cache plays no part).
    const east = h.base.assumeRole(roleArn("200000000004"));
    expect(east.region).toBe("us-east-1");
    expect(east.roleArn).toBe(roleArn("200000000004"));
    await east.getCredentials();
    expect(h.sb.stats().byRegion).toEqual({ "eu-central-1": 1, "us-east-1": 1 });
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000005": 1, "200000000004": 1 });
  });
});
