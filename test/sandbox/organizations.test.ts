import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand, ListRootsCommand, OrganizationsClient,
  paginateListAccounts, paginateListChildren,
} from "@aws-sdk/client-organizations";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig, rejection } from "./helpers.js";

let sb: Sandbox;
let big: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
  big = await startSandbox({
    managementAccountId: "900000000000",
    ous: [{ id: "ou-big1-aaaaaaaa", name: "A" }, { id: "ou-big1-bbbbbbbb", name: "B", parentId: "ou-big1-aaaaaaaa" }],
    accounts: Array.from({ length: 45 }, (_, i) => ({ id: String(900000000001 + i), parentId: i < 30 ? "ou-big1-aaaaaaaa" : "ou-big1-bbbbbbbb" })),
  });
});
afterAll(async () => {
  await sb.close();
  await big.close();
});

describe("Organizations", () => {
  it("lists the demo organisation: management + 6 members, one suspended", async () => {
    const out = await new OrganizationsClient(clientConfig(sb)).send(new ListAccountsCommand({}));
    expect(out.NextToken).toBeUndefined();
    expect(out.Accounts!.map((a) => [a.Id, a.Name, a.Status])).toEqual([
      ["100000000001", "management", "ACTIVE"],
      ["200000000001", "prod-web", "ACTIVE"],
      ["200000000002", "prod-data", "ACTIVE"],
      ["200000000003", "prod-legacy", "ACTIVE"],
      ["200000000004", "dev-web", "ACTIVE"],
      ["200000000005", "dev-data", "ACTIVE"],
      ["200000000006", "dev-retired", "SUSPENDED"],
    ]);
    expect(out.Accounts![1]).toMatchObject({ Arn: "arn:aws:organizations::100000000001:account/o-sf00000001/200000000001", Email: "prod-web@example.com", JoinedTimestamp: expect.any(Date) });
  });

  it("walks roots, OUs and their accounts", async () => {
    const client = new OrganizationsClient(clientConfig(sb));
    const roots = await client.send(new ListRootsCommand({}));
    expect(roots.Roots!.map((r) => r.Id)).toEqual(["r-sf01"]);
    const ous = await client.send(new ListChildrenCommand({ ParentId: "r-sf01", ChildType: "ORGANIZATIONAL_UNIT" }));
    expect(ous.Children).toEqual([{ Id: "ou-sf01-prod0001", Type: "ORGANIZATIONAL_UNIT" }, { Id: "ou-sf01-devl0001", Type: "ORGANIZATIONAL_UNIT" }]);
    const rootAccounts = await client.send(new ListChildrenCommand({ ParentId: "r-sf01", ChildType: "ACCOUNT" }));
    expect(rootAccounts.Children).toEqual([{ Id: "100000000001", Type: "ACCOUNT" }]);
    const dev = await client.send(new ListAccountsForParentCommand({ ParentId: "ou-sf01-devl0001" }));
    expect(dev.Accounts!.map((a) => a.Id)).toEqual(["200000000004", "200000000005", "200000000006"]);
    expect((await rejection(client.send(new ListAccountsForParentCommand({ ParentId: "ou-sf01-nope0000" })))).name).toBe("ParentNotFoundException");
  });

  it("pages by at most 20, and the paginators walk all pages", async () => {
    const client = new OrganizationsClient(clientConfig(big));
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      sizes.push(page.Accounts!.length);
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(sizes).toEqual([20, 20, 6]);
    expect(new Set(ids).size).toBe(46);
    const nested: string[] = [];
    for await (const page of paginateListChildren({ client, pageSize: 7 }, { ParentId: "ou-big1-bbbbbbbb", ChildType: "ACCOUNT" })) nested.push(...page.Children!.map((c) => c.Id!));
    expect(nested).toHaveLength(15);
    expect((await rejection(client.send(new ListAccountsCommand({ MaxResults: 21 })))).name).toBe("InvalidInputException");
    expect((await rejection(client.send(new ListAccountsCommand({ NextToken: "made-up" })))).name).toBe("InvalidInputException");
  });

  it("only the management account may call it", async () => {
    const member = await assume(sb, "200000000001");
    const error = await rejection(new OrganizationsClient(clientConfig(sb, "us-east-1", member)).send(new ListAccountsCommand({})));
    expect(error.name).toBe("AccessDeniedException");
  });
});
