// The library against moto's server (an AWS emulator this project did not write): sessions,
// assumeRole into member accounts, fanOut over the organisation (more than 100 accounts, so
// ListAccounts pages), an OU with a nested OU, a SUSPENDED account left out, regions "enabled".
// One moto server and one organisation for the file, seeded with boto3; the cases only read.
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession, fanOut, type AccountSelection } from "../../src/index.js";
import { MOTO_ACCOUNT, MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";

const ROLE = "OrganizationAccountAccessRole";
const FILLERS = 102;

interface Org {
  parentOu: string;
  childOu: string;
  inParent: string;
  inChild: string;
  suspended: string;
  all: string[];
}

let moto: MotoServer;
let org: Org;
let session: CredentialSession;

beforeAll(async () => {
  moto = await startMoto();
  // moto: CreateAccount answers SUCCEEDED at once; CloseAccount makes the account SUSPENDED.
  org = JSON.parse(await moto.python(`
import boto3, json
o = boto3.client("organizations")
o.create_organization(FeatureSet="ALL")
root = o.list_roots()["Roots"][0]["Id"]
new = lambda name: o.create_account(AccountName=name, Email=name + "@example.com")["CreateAccountStatus"]["AccountId"]
parent = o.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
child = o.create_organizational_unit(ParentId=parent, Name="prod")["OrganizationalUnit"]["Id"]
a, b, s = new("in-parent"), new("in-child"), new("closed")
o.move_account(AccountId=a, SourceParentId=root, DestinationParentId=parent)
o.move_account(AccountId=b, SourceParentId=root, DestinationParentId=child)
o.close_account(AccountId=s)
fillers = [new("filler-%03d" % i) for i in range(${FILLERS})]
print(json.dumps({"parentOu": parent, "childOu": child, "inParent": a, "inChild": b, "suspended": s, "all": [a, b, s] + fillers}))
`, 120_000)) as Org;
  session = new CredentialSession({ ...MOTO_KEYS, region: "us-east-1", clientConfig: { endpoint: moto.endpoint } });
}, 180_000);
afterAll(async () => {
  await session?.close();
  await moto?.close();
});

describe("the library against moto", () => {
  it("moto sends Organizations' JSON as text/html; the library takes it as the answer (issue 20 B1)", async () => {
    const raw = await fetch(moto.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "AWSOrganizationsV20161128.DescribeOrganization", "content-type": "application/x-amz-json-1.1", authorization: "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=0" },
      body: "{}",
      signal: AbortSignal.timeout(10_000),
    });
    expect(raw.headers.get("content-type")).toMatch(/^text\/html/);
    expect((await raw.json() as { Organization: { MasterAccountId: string } }).Organization.MasterAccountId).toBe(MOTO_ACCOUNT);
    const page = await session.client(OrganizationsClient).send(new ListAccountsCommand({}));
    expect(page.Accounts).toHaveLength(100);
    expect(page.NextToken).toEqual(expect.any(String));
  });

  it("moto's Organizations errors keep their AWS error code and status", async () => {
    const { DescribeAccountCommand } = await import("@aws-sdk/client-organizations");
    const error = await session.client(OrganizationsClient).send(new DescribeAccountCommand({ AccountId: "999999999999" })).then(() => undefined, (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } });
    expect([error?.name, error?.$metadata?.httpStatusCode]).toEqual(["AccountNotFoundException", 400]);
  });

  it("assumeRole into a member account: moto answers as that account's assumed role", async () => {
    const child = session.assumeRole({ roleArn: `arn:aws:iam::${org.inParent}:role/${ROLE}`, sessionName: "interop" });
    const who = await child.identity();
    expect([who.accountId, who.arn]).toEqual([org.inParent, `arn:aws:sts::${org.inParent}:assumed-role/${ROLE}/interop`]);
    expect((await session.identity()).accountId).toBe(MOTO_ACCOUNT);
  });

  it("fanOut over the organisation: every ACTIVE member (ListAccounts pages past 100), the SUSPENDED one and the own account left out", async () => {
    let selection: AccountSelection | undefined;
    const report = await fanOut({ session, accounts: "organization", roles: [ROLE], regions: ["us-east-1"], onAccounts: (s) => (selection = s) }, ({ accountId }) => accountId);
    expect(report.failed).toEqual([]);
    const expected = org.all.filter((id) => id !== org.suspended).sort();
    expect(report.results.map((r) => r.accountId).sort()).toEqual(expected);
    expect(report.results).toHaveLength(FILLERS + 2);
    expect(selection?.leftOut.map((l) => [l.accountId, l.rule, l.status ?? ""]).sort()).toEqual([[MOTO_ACCOUNT, "own-account", ""], [org.suspended, "not-active", "SUSPENDED"]].sort());
  });

  it("an OU with a nested OU: the accounts of both, each answering as its own assumed role", async () => {
    const report = await fanOut({ session, accounts: { organization: { ous: [org.parentOu] } }, roles: [ROLE], regions: ["eu-west-1"] }, async ({ session: target }) => (await target.identity()).arn);
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => [r.accountId, r.region, r.ok && r.value]).sort()).toEqual([
      [org.inParent, "eu-west-1", expect.stringMatching(new RegExp(`^arn:aws:sts::${org.inParent}:assumed-role/${ROLE}/`))],
      [org.inChild, "eu-west-1", expect.stringMatching(new RegExp(`^arn:aws:sts::${org.inChild}:assumed-role/${ROLE}/`))],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
  });

  it('regions "enabled": moto has no Account ListRegions (404), so the regions are EC2 DescribeRegions\'s, in the own partition, opted-in', async () => {
    // moto gaps (docs/testing.md): DescribeRegions without AllRegions also lists not-opted-in
    // regions (AWS leaves them out) and the regions of other partitions (cn-*, us-gov-*).
    const fromBoto = JSON.parse(await moto.python("import boto3, json; print(json.dumps([[r['RegionName'], r['OptInStatus']] for r in boto3.client('ec2').describe_regions()['Regions']]))")) as Array<[string, string]>;
    expect(fromBoto.filter(([, optIn]) => optIn === "not-opted-in").length).toBeGreaterThan(0);
    expect(fromBoto.filter(([name]) => /^(?:cn|us-gov)-/.test(name)).length).toBeGreaterThan(0);
    const enabled = fromBoto.filter(([name, optIn]) => optIn !== "not-opted-in" && !/^(?:cn|us-gov)-/.test(name)).map(([name]) => name).sort();
    expect(enabled.length).toBeGreaterThan(10);
    const report = await fanOut({ session, accounts: [org.inChild], roles: [ROLE], regions: "enabled" }, ({ region }) => region);
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => r.region).sort()).toEqual(enabled);
  });
});
