// boto3 and the AWS CLI v1 against OUR sandbox (users point their own tools at it): STS
// (GetCallerIdentity, AssumeRole), Organizations ListAccounts with small pages, RDS
// DescribeOptionGroups paged by Marker. Clients we did not write decide whether the sandbox
// speaks the wire protocols as AWS documents them; differences are in docs/testing.md.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { awsCli, python } from "./clients.js";

const ROLE = "OrganizationAccountAccessRole";
const ADMIN = "arn:aws:iam::100000000001:user/sandbox-admin";
const DEMO_ACCOUNTS = ["100000000001", "200000000001", "200000000002", "200000000003", "200000000004", "200000000005", "200000000006"];
let sb: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox({ faults: null });
  env = { AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_DEFAULT_REGION: "us-east-1", AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: sb.endpoint };
});
afterAll(async () => {
  await sb?.close();
});
beforeEach(() => sb.resetStats());

describe("boto3 against the sandbox", () => {
  it("STS: GetCallerIdentity, then AssumeRole into a member and GetCallerIdentity as that role", async () => {
    const out = JSON.parse(await python(`
import boto3, json
sts = boto3.client("sts")
me = sts.get_caller_identity()
c = sts.assume_role(RoleArn="arn:aws:iam::200000000001:role/${ROLE}", RoleSessionName="boto3-interop")
creds = c["Credentials"]
them = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"]).get_caller_identity()
print(json.dumps({"me": me["Arn"], "assumed": c["AssumedRoleUser"]["Arn"], "them": them["Arn"], "account": them["Account"], "expires": creds["Expiration"].isoformat()}))
`, env)) as Record<string, string>;
    expect(out).toMatchObject({ me: ADMIN, assumed: `arn:aws:sts::200000000001:assumed-role/${ROLE}/boto3-interop`, them: `arn:aws:sts::200000000001:assumed-role/${ROLE}/boto3-interop`, account: "200000000001" });
    expect(Date.parse(out.expires!)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(sb.stats().signatureFailures).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(1);
  });

  it("Organizations: ListAccounts in pages of 2 (the paginator follows NextToken) gives every account once", async () => {
    const pages = JSON.parse(await python(`
import boto3, json
pages = boto3.client("organizations").get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 2})
print(json.dumps([[a["Id"] + " " + a["Status"] for a in p["Accounts"]] for p in pages]))
`, env)) as string[][];
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((a) => a.split(" ")[0]).sort()).toEqual(DEMO_ACCOUNTS);
    expect(pages.flat()).toContain("200000000006 SUSPENDED");
    expect(sb.stats().byAction["organizations:ListAccounts"]).toBe(4);
  });

  it("RDS: DescribeOptionGroups paged by Marker (MaxRecords 20, RDS's minimum) gives every group once", async () => {
    const out = JSON.parse(await python(`
import boto3, json
rds = boto3.client("rds", region_name="eu-west-1")
for i in range(25):
    rds.create_option_group(OptionGroupName="interop-%02d" % i, EngineName="mysql", MajorEngineVersion="8.0", OptionGroupDescription="boto3")
pages = list(rds.get_paginator("describe_option_groups").paginate(PaginationConfig={"PageSize": 20}))
names = [g["OptionGroupName"] for p in pages for g in p["OptionGroupsList"]]
for i in range(25):
    rds.delete_option_group(OptionGroupName="interop-%02d" % i)
print(json.dumps({"pages": [len(p["OptionGroupsList"]) for p in pages], "names": names, "markers": ["Marker" in p for p in pages]}))
`, env)) as { pages: number[]; names: string[]; markers: boolean[] };
    expect(out.names.filter((n) => n.startsWith("interop-"))).toEqual(Array.from({ length: 25 }, (_, i) => `interop-${String(i).padStart(2, "0")}`));
    expect(new Set(out.names).size).toBe(out.names.length);
    expect(out.pages.length).toBeGreaterThanOrEqual(2);
    expect(out.pages.slice(0, -1).every((n) => n === 20)).toBe(true);
    expect(out.markers).toEqual([...out.pages.slice(0, -1).map(() => true), false]);
  });

  it("errors parse as boto3 expects (code, message, HTTP status) and every answer carries a request id", async () => {
    const out = JSON.parse(await python(`
import boto3, json
from botocore.exceptions import ClientError
def err(call):
    try:
        call()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["Error"].get("Message", ""), e.response["ResponseMetadata"]["HTTPStatusCode"], bool(e.response["ResponseMetadata"].get("RequestId"))]
sts, org, rds = boto3.client("sts"), boto3.client("organizations"), boto3.client("rds")
print(json.dumps({
  "assume": err(lambda: sts.assume_role(RoleArn="arn:aws:iam::200000000003:role/${ROLE}", RoleSessionName="nope")),
  "token": err(lambda: org.list_accounts(NextToken="not-a-token")),
  "group": err(lambda: rds.describe_option_groups(OptionGroupName="no-such-group")),
  "route": err(lambda: boto3.client("account").get_region_opt_status(RegionName="af-south-1")),
  "ids": [bool(c["ResponseMetadata"].get("RequestId")) for c in [sts.get_caller_identity(), org.list_accounts(), rds.describe_option_groups()]],
}))
`, env)) as Record<string, [string, string, number, boolean] | boolean[]>;
    expect(out.assume).toEqual(["AccessDenied", `User: ${ADMIN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::200000000003:role/${ROLE}`, 403, true]);
    expect(out.token).toEqual(["InvalidInputException", "The NextToken is not valid.", 400, true]);
    expect(out.group).toEqual(["OptionGroupNotFoundFault", "Specified OptionGroupName: no-such-group not found.", 404, true]);
    // An operation the sandbox does not serve says which one (it used to say "(none)" for REST routes).
    expect(out.route).toEqual(["UnknownOperationException", 'The sandbox does not implement the action "POST /getRegionOptStatus".', 400, true]);
    expect(out.ids).toEqual([true, true, true]);
  });
});

describe("the AWS CLI v1 against the sandbox", () => {
  it("aws sts get-caller-identity and aws sts assume-role", async () => {
    expect(await awsCli(["sts", "get-caller-identity"], env)).toMatchObject({ Account: "100000000001", Arn: ADMIN });
    const assumed = await awsCli(["sts", "assume-role", "--role-arn", `arn:aws:iam::200000000002:role/${ROLE}`, "--role-session-name", "awscli-interop"], env) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } };
    expect(assumed.AssumedRoleUser.Arn).toBe(`arn:aws:sts::200000000002:assumed-role/${ROLE}/awscli-interop`);
    const as = { ...env, AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey, AWS_SESSION_TOKEN: assumed.Credentials.SessionToken };
    expect(await awsCli(["sts", "get-caller-identity"], as)).toMatchObject({ Account: "200000000002", Arn: `arn:aws:sts::200000000002:assumed-role/${ROLE}/awscli-interop` });
    expect(sb.stats().signatureFailures).toBe(0);
  });

  it("aws organizations list-accounts --page-size 3: the CLI pages through and prints every account", async () => {
    const out = await awsCli(["organizations", "list-accounts", "--page-size", "3"], env) as { Accounts: Array<{ Id: string }>; NextToken?: string };
    expect(out.Accounts.map((a) => a.Id).sort()).toEqual(DEMO_ACCOUNTS);
    expect(out.NextToken).toBeUndefined();
    expect(sb.stats().byAction["organizations:ListAccounts"]).toBe(3);
  });

  it("aws rds describe-option-groups --page-size 20 and --max-items: Marker paging as the CLI does it", async () => {
    await python(`
import boto3
rds = boto3.client("rds", region_name="us-west-2")
for i in range(23):
    rds.create_option_group(OptionGroupName="cli-%02d" % i, EngineName="postgres", MajorEngineVersion="16", OptionGroupDescription="aws cli")
`, env);
    const west = { ...env, AWS_DEFAULT_REGION: "us-west-2", AWS_REGION: "us-west-2" };
    const all = await awsCli(["rds", "describe-option-groups", "--engine-name", "postgres", "--page-size", "20"], west) as { OptionGroupsList: Array<{ OptionGroupName: string }> };
    expect(all.OptionGroupsList.map((g) => g.OptionGroupName).filter((n) => n.startsWith("cli-"))).toHaveLength(23);
    const some = await awsCli(["rds", "describe-option-groups", "--engine-name", "postgres", "--max-items", "5"], west) as { OptionGroupsList: unknown[]; NextToken?: string };
    expect(some.OptionGroupsList).toHaveLength(5);
    expect(some.NextToken).toEqual(expect.any(String));
  });
});
