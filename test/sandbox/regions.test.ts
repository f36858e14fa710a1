import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountClient, ListRegionsCommand, paginateListRegions } from "@aws-sdk/client-account";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DEMO_ENABLED_REGIONS, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig, rejection } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    accounts: [{ id: "300000000001", enabledRegions: ["af-south-1"] }, { id: "300000000002" }],
    regions: { enabled: ["us-east-1", "eu-west-1"], optIn: ["af-south-1", "ap-east-1"] },
  });
});
afterAll(async () => {
  await sb.close();
});

describe("Account ListRegions and EC2 DescribeRegions", () => {
  it("Account reports opt-in status per account; the management account may ask for a member", async () => {
    const client = new AccountClient(clientConfig(sb));
    const own = await client.send(new ListRegionsCommand({}));
    expect(own.Regions).toEqual([
      { RegionName: "us-east-1", RegionOptStatus: "ENABLED_BY_DEFAULT" },
      { RegionName: "eu-west-1", RegionOptStatus: "ENABLED_BY_DEFAULT" },
      { RegionName: "af-south-1", RegionOptStatus: "DISABLED" },
      { RegionName: "ap-east-1", RegionOptStatus: "DISABLED" },
    ]);
    const member = await client.send(new ListRegionsCommand({ AccountId: "300000000001", RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] }));
    expect(member.Regions!.map((r) => r.RegionName)).toEqual(["us-east-1", "eu-west-1", "af-south-1"]);
    const names: string[] = [];
    for await (const page of paginateListRegions({ client, pageSize: 3 }, {})) names.push(...page.Regions!.map((r) => r.RegionName!));
    expect(names).toHaveLength(4);
  });

  it("a member may not ask about another account", async () => {
    const keys = await assume(sb, "300000000002");
    const error = await rejection(new AccountClient(clientConfig(sb, "us-east-1", keys)).send(new ListRegionsCommand({ AccountId: "300000000001" })));
    expect(error.name).toBe("AccessDeniedException");
  });

  it("EC2 lists enabled regions, or all with their opt-in status", async () => {
    const keys = await assume(sb, "300000000001");
    const client = new EC2Client(clientConfig(sb, "af-south-1", keys));
    const enabled = await client.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions!.map((r) => [r.RegionName, r.OptInStatus])).toEqual([
      ["us-east-1", "opt-in-not-required"], ["eu-west-1", "opt-in-not-required"], ["af-south-1", "opted-in"],
    ]);
    expect(enabled.Regions![0]!.Endpoint).toBe("ec2.us-east-1.amazonaws.com");
    const all = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions!.map((r) => r.OptInStatus)).toEqual(["opt-in-not-required", "opt-in-not-required", "opted-in", "not-opted-in"]);
    const one = await client.send(new DescribeRegionsCommand({ RegionNames: ["eu-west-1"] }));
    expect(one.Regions!.map((r) => r.RegionName)).toEqual(["eu-west-1"]);
  });

  it("an opt-in region works only for the account that enabled it", async () => {
    const enabled = await assume(sb, "300000000001");
    const disabled = await assume(sb, "300000000002");
    expect((await new STSClient(clientConfig(sb, "af-south-1", enabled)).send(new GetCallerIdentityCommand({}))).Account).toBe("300000000001");
    expect((await rejection(new STSClient(clientConfig(sb, "af-south-1", disabled)).send(new GetCallerIdentityCommand({})))).name).toBe("InvalidClientTokenId");
  });

  it("the demo organisation has 8 enabled and 2 opt-in regions", async () => {
    const demo = await startSandbox();
    try {
      const out = await new EC2Client(clientConfig(demo)).send(new DescribeRegionsCommand({ AllRegions: true }));
      expect(out.Regions!.filter((r) => r.OptInStatus === "opt-in-not-required").map((r) => r.RegionName)).toEqual(DEMO_ENABLED_REGIONS);
      expect(out.Regions!.filter((r) => r.OptInStatus === "not-opted-in").map((r) => r.RegionName)).toEqual(["af-south-1", "ap-east-1"]);
    } finally {
      await demo.close();
    }
  });
});
