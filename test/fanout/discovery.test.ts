import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand, OrganizationsClient, type AccountState } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { FleetError } from "../../src/errors.js";
import { listOrganizationAccounts, listRegions } from "../../src/fanout/discovery/organization.js";
import { fanOut } from "../../src/fanout/run.js";
import { FAKE_CREDENTIALS, fakeSession } from "./fakes.js";

const orgs = mockClient(OrganizationsClient);
const account = mockClient(AccountClient);
const ec2 = mockClient(EC2Client);
afterEach(() => {
  orgs.reset();
  account.reset();
  ec2.reset();
});

/** A fake session whose clients are real SDK clients (so the mocks answer them). */
function session(accountId = "999999999999") {
  return fakeSession({
    accountId,
    makeClient: (ClientClass, region) => new (ClientClass as unknown as new (c: object) => unknown)({ region, credentials: FAKE_CREDENTIALS }),
  });
}

const acct = (Id: string, State: AccountState = "ACTIVE") => ({ Id, Name: `n${Id}`, State, Arn: `arn:aws:organizations::999999999999:account/o-x/${Id}` });

describe("listOrganizationAccounts", () => {
  it("pages through ListAccounts, keeps ACTIVE accounts, sorts by id", async () => {
    orgs.on(ListAccountsCommand, { NextToken: undefined }).resolves({ Accounts: [acct("333333333333"), acct("111111111111", "SUSPENDED")], NextToken: "p2" });
    orgs.on(ListAccountsCommand, { NextToken: "p2" }).resolves({ Accounts: [acct("222222222222"), { Id: "444444444444", Status: "ACTIVE" }] });
    const { session: s } = session();
    const accounts = await listOrganizationAccounts(s);
    expect(accounts.map((a) => a.accountId)).toEqual(["222222222222", "333333333333", "444444444444"]);
    expect(accounts[0]).toEqual({ accountId: "222222222222", name: "n222222222222", arn: acct("222222222222").Arn, status: "ACTIVE" });
    expect(orgs.commandCalls(ListAccountsCommand)).toHaveLength(2);
    expect((await listOrganizationAccounts(s, { status: "ALL" })).map((a) => a.accountId)).toContain("111111111111");
  });

  it("walks nested OUs with ListChildren and ListAccountsForParent", async () => {
    orgs.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" }).resolves({ Accounts: [acct("100000000003")] });
    orgs.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb", NextToken: undefined }).resolves({ Accounts: [acct("100000000002")], NextToken: "t" });
    orgs.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb", NextToken: "t" }).resolves({ Accounts: [acct("100000000001")] });
    orgs.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-cccccccc" }).resolves({ Accounts: [acct("100000000004", "SUSPENDED")] });
    orgs.on(ListChildrenCommand, { ParentId: "ou-ab12-aaaaaaaa" }).resolves({ Children: [{ Id: "ou-ab12-bbbbbbbb", Type: "ORGANIZATIONAL_UNIT" }] });
    orgs.on(ListChildrenCommand, { ParentId: "ou-ab12-bbbbbbbb" }).resolves({ Children: [{ Id: "ou-ab12-cccccccc", Type: "ORGANIZATIONAL_UNIT" }] });
    orgs.on(ListChildrenCommand, { ParentId: "ou-ab12-cccccccc" }).resolves({ Children: [] });
    const { session: s } = session();
    const accounts = await listOrganizationAccounts(s, { ous: ["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb"] });
    expect(accounts.map((a) => a.accountId)).toEqual(["100000000001", "100000000002", "100000000003"]);
    // Each OU is listed once even though bbbbbbbb is both given and nested.
    expect(orgs.commandCalls(ListChildrenCommand)).toHaveLength(3);
    expect(orgs.commandCalls(ListChildrenCommand)[0]!.args[0].input).toMatchObject({ ChildType: "ORGANIZATIONAL_UNIT" });
  });

  it("wraps failures as ERR_DISCOVERY and validates options", async () => {
    orgs.on(ListAccountsCommand).rejects(Object.assign(new Error("not the management account"), { name: "AccessDeniedException" }));
    const { session: s } = session();
    await expect(listOrganizationAccounts(s)).rejects.toMatchObject({ code: "ERR_DISCOVERY", stage: "discover", message: expect.stringContaining("AccessDeniedException") });
    await expect(listOrganizationAccounts(s, { ous: ["ou-x"] })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "ous[0]" });
    await expect(listOrganizationAccounts(s, { status: "active" })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "status" });
  });

  it("feeds fanOut: sorted, self left out, a failure becomes one discover record", async () => {
    orgs.on(ListAccountsCommand).resolves({ Accounts: [acct("333333333333"), acct("999999999999"), acct("111111111111")] });
    const { session: s, log } = session("999999999999");
    const report = await fanOut({ session: s, accounts: "organization", roles: "Audit" }, ({ accountId }) => accountId);
    expect(report.results.map((r) => r.accountId)).toEqual(["111111111111", "333333333333"]);
    expect(log.identity).toBe(1);

    orgs.on(ListAccountsCommand).rejects(new Error("denied"));
    const failed = await fanOut({ session: s, accounts: "organization", roles: "Audit" }, () => 1);
    expect(failed.results).toHaveLength(1);
    expect(failed.failed[0]).toMatchObject({ accountId: "", region: "", stage: "discover", error: { code: "ERR_DISCOVERY" } });
  });
});

describe("listRegions", () => {
  it("uses Account ListRegions with the enabled statuses", async () => {
    account.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: "us-west-2", RegionOptStatus: "ENABLED_BY_DEFAULT" }, { RegionName: "af-south-1", RegionOptStatus: "ENABLED" }] });
    const { session: s } = session();
    expect(await listRegions(s)).toEqual([{ region: "af-south-1", optIn: "enabled" }, { region: "us-west-2", optIn: "opt-in-not-required" }]);
    expect(account.commandCalls(ListRegionsCommand)[0]!.args[0].input).toEqual({ RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] });
    expect(ec2.calls()).toHaveLength(0);
  });

  it("falls back to EC2 DescribeRegions when Account is refused", async () => {
    account.on(ListRegionsCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: "us-east-1", OptInStatus: "opt-in-not-required" }, { RegionName: "ap-east-1", OptInStatus: "not-opted-in" }] });
    const { session: s } = session();
    expect(await listRegions(s, { include: "all" })).toEqual([{ region: "ap-east-1", optIn: "not-opted-in" }, { region: "us-east-1", optIn: "opt-in-not-required" }]);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]!.args[0].input).toEqual({ AllRegions: true });
    ec2.on(DescribeRegionsCommand).rejects(new Error("UnauthorizedOperation"));
    const error = await listRegions(s).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect((error as FleetError).code).toBe("ERR_DISCOVERY");
    expect((error as FleetError).message).toMatch(/AccessDeniedException: denied.*UnauthorizedOperation/);
  });

  it("gives fanOut per-account regions, listed once per account; a failure is one discover record per (account, role)", async () => {
    const regionsOf: Record<string, string[]> = { "arn:aws:iam::111111111111:role/A": ["us-east-1", "eu-west-1"], "arn:aws:iam::222222222222:role/A": ["us-west-2"] };
    const byClient = new WeakMap<object, string>();
    const { session: s } = fakeSession({
      makeClient: (ClientClass, region, roleArn) => {
        const client = new (ClientClass as unknown as new (c: object) => object)({ region, credentials: FAKE_CREDENTIALS });
        byClient.set(client, roleArn ?? "");
        return client;
      },
    });
    account.on(ListRegionsCommand).callsFake((_input, getClient) => {
      const roleArn = byClient.get(getClient() as object)!;
      if (roleArn.includes("333333333333")) throw new Error("denied");
      return { Regions: (regionsOf[roleArn] ?? regionsOf[roleArn.replace("/B", "/A")]!).map((RegionName) => ({ RegionName, RegionOptStatus: "ENABLED_BY_DEFAULT" })) };
    });
    ec2.on(DescribeRegionsCommand).rejects(new Error("also denied"));
    const progress: Array<{ done: number; total: number }> = [];
    const report = await fanOut({ session: s, accounts: ["111111111111", "222222222222", "333333333333"], roles: ["A", "B"], regions: "enabled", onProgress: (p) => progress.push(p) }, ({ region }) => region);
    expect(progress.at(-1)).toEqual({ done: 8, total: 8, succeeded: 6, failed: 2 });
    expect(report.results.map((r) => `${r.accountId.slice(0, 1)}${r.roleArn?.slice(-1)}:${r.region}:${r.ok ? "ok" : r.stage}`)).toEqual([
      "1A:eu-west-1:ok", "1A:us-east-1:ok", "1B:eu-west-1:ok", "1B:us-east-1:ok", "2A:us-west-2:ok", "2B:us-west-2:ok", "3A::discover", "3B::discover",
    ]);
    // Two accounts listed once each; the refused one is retried by its second role.
    expect(account.commandCalls(ListRegionsCommand)).toHaveLength(4);
  });
});
