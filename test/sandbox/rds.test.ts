import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateOptionGroupCommand, DeleteOptionGroupCommand, DescribeOptionGroupsCommand, paginateDescribeOptionGroups, RDSClient } from "@aws-sdk/client-rds";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig, rejection } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    accounts: [{ id: "300000000001" }, { id: "300000000002" }],
    regions: { enabled: ["us-east-1", "eu-west-1"] },
    optionGroups: { "300000000001": { "us-east-1": 205, "eu-west-1": 3 }, "100000000001": { "us-east-1": 1 } },
  });
});
afterAll(async () => {
  await sb.close();
});

describe("RDS option groups", () => {
  it("the paginator walks every page (205 groups in pages of 100, 100, 5)", async () => {
    const keys = await assume(sb, "300000000001");
    const client = new RDSClient(clientConfig(sb, "us-east-1", keys));
    sb.resetStats();
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateDescribeOptionGroups({ client }, {})) {
      pages.push(page.OptionGroupsList?.length ?? 0);
      for (const g of page.OptionGroupsList ?? []) names.push(g.OptionGroupName!);
    }
    expect(pages).toEqual([100, 100, 5]);
    expect(new Set(names).size).toBe(205);
    expect(names[0]).toBe("sandbox-og-001");
    expect(sb.stats().byAction).toEqual({ "rds:DescribeOptionGroups": 3 });
    expect(sb.stats().byAccount).toEqual({ "300000000001": 3 });
  });

  it("MaxRecords sets the page size; fields parse into the SDK's shape", async () => {
    const keys = await assume(sb, "300000000001");
    const client = new RDSClient(clientConfig(sb, "us-east-1", keys));
    const pages: number[] = [];
    for await (const page of paginateDescribeOptionGroups({ client, pageSize: 20 }, {})) pages.push(page.OptionGroupsList!.length);
    expect(pages).toEqual([...Array(10).fill(20), 5]);
    const first = await client.send(new DescribeOptionGroupsCommand({ MaxRecords: 20 }));
    expect(first.Marker).toEqual(expect.any(String));
    expect(first.OptionGroupsList![0]).toEqual({
      OptionGroupName: "sandbox-og-001", OptionGroupDescription: "Option group 1 of 300000000001 in us-east-1", EngineName: "mysql",
      MajorEngineVersion: "8.0", Options: [], AllowsVpcAndNonVpcInstanceMemberships: true, OptionGroupArn: "arn:aws:rds:us-east-1:300000000001:og:sandbox-og-001",
    });
    expect((await rejection(client.send(new DescribeOptionGroupsCommand({ MaxRecords: 5 })))).name).toBe("InvalidParameterValue");
    expect((await rejection(client.send(new DescribeOptionGroupsCommand({ Marker: "bogus" })))).name).toBe("InvalidParameterValue");
  });

  it("groups are per (account, region): counts from the table, 0 when missing", async () => {
    const count = async (region: string, accountId?: string) => {
      const keys = accountId === undefined ? sb.credentials : await assume(sb, accountId);
      return (await new RDSClient(clientConfig(sb, region, keys)).send(new DescribeOptionGroupsCommand({}))).OptionGroupsList!.length;
    };
    expect(await count("eu-west-1", "300000000001")).toBe(3);
    expect(await count("us-east-1", "300000000002")).toBe(0);
    expect(await count("us-east-1")).toBe(1);
  });

  it("CreateOptionGroup and DeleteOptionGroup change what Describe returns", async () => {
    const keys = await assume(sb, "300000000002");
    const client = new RDSClient(clientConfig(sb, "eu-west-1", keys));
    const created = await client.send(new CreateOptionGroupCommand({ OptionGroupName: "my-og", EngineName: "postgres", MajorEngineVersion: "16", OptionGroupDescription: "mine" }));
    expect(created.OptionGroup).toMatchObject({ OptionGroupName: "my-og", EngineName: "postgres", OptionGroupArn: "arn:aws:rds:eu-west-1:300000000002:og:my-og" });
    const dup = await rejection(client.send(new CreateOptionGroupCommand({ OptionGroupName: "my-og", EngineName: "postgres", MajorEngineVersion: "16", OptionGroupDescription: "again" })));
    expect(dup.name).toBe("OptionGroupAlreadyExistsFault");
    const found = await client.send(new DescribeOptionGroupsCommand({ OptionGroupName: "my-og" }));
    expect(found.OptionGroupsList!.map((g) => g.OptionGroupName)).toEqual(["my-og"]);
    await client.send(new DeleteOptionGroupCommand({ OptionGroupName: "my-og" }));
    expect((await client.send(new DescribeOptionGroupsCommand({}))).OptionGroupsList).toEqual([]);
    const gone = await rejection(client.send(new DeleteOptionGroupCommand({ OptionGroupName: "my-og" })));
    expect(gone.name).toBe("OptionGroupNotFoundFault");
    expect(gone.$metadata?.httpStatusCode).toBe(404);
  });
});
