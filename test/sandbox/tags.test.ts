// Organizations ListTagsForResource in the sandbox, through the plain SDK: the demo's tags,
// NextToken paging, unknown and malformed ids, member callers refused, throttling.
import { ListTagsForResourceCommand, OrganizationsClient, paginateListTagsForResource } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig, rejection } from "./helpers.js";

let sb: Sandbox;
let many: Sandbox;
const TAGS = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${String(i).padStart(2, "0")}`, `v${i}`]));
beforeAll(async () => {
  sb = await startSandbox();
  many = await startSandbox({ accounts: [{ id: "300000000001", tags: TAGS }, { id: "300000000002" }] });
});
afterAll(async () => {
  await sb.close();
  await many.close();
});

describe("Organizations ListTagsForResource", () => {
  it("serves the demo accounts' env and team tags; the management account has none", async () => {
    const client = new OrganizationsClient(clientConfig(sb));
    const out = await client.send(new ListTagsForResourceCommand({ ResourceId: "200000000002" }));
    expect(out.Tags).toEqual([{ Key: "env", Value: "prod" }, { Key: "team", Value: "search" }]);
    expect((await client.send(new ListTagsForResourceCommand({ ResourceId: "100000000001" }))).Tags).toEqual([]);
    expect((await client.send(new ListTagsForResourceCommand({ ResourceId: "ou-sf01-prod0001" }))).Tags).toEqual([]);
  });

  it("pages 45 tags by NextToken, 20 at a time, and refuses a token of another listing", async () => {
    const client = new OrganizationsClient(clientConfig(many));
    many.resetStats();
    const seen: Record<string, string> = {};
    for await (const page of paginateListTagsForResource({ client }, { ResourceId: "300000000001" })) {
      for (const t of page.Tags ?? []) seen[t.Key!] = t.Value!;
    }
    expect(seen).toEqual(TAGS);
    expect(many.stats().byAction["organizations:ListTagsForResource"]).toBe(3);
    const first = await client.send(new ListTagsForResourceCommand({ ResourceId: "300000000001" }));
    const error = await rejection(client.send(new ListTagsForResourceCommand({ ResourceId: "300000000002", NextToken: first.NextToken! })));
    expect(error.name).toBe("InvalidInputException");
  });

  it("unknown ids are TargetNotFoundException, malformed ones InvalidInputException; members are refused", async () => {
    const client = new OrganizationsClient(clientConfig(sb));
    expect((await rejection(client.send(new ListTagsForResourceCommand({ ResourceId: "999999999999" })))).name).toBe("TargetNotFoundException");
    expect((await rejection(client.send(new ListTagsForResourceCommand({ ResourceId: "nope" })))).name).toBe("InvalidInputException");
    const member = new OrganizationsClient(clientConfig(sb, "us-east-1", await assume(sb, "200000000001")));
    expect((await rejection(member.send(new ListTagsForResourceCommand({ ResourceId: "200000000001" })))).name).toBe("AccessDeniedException");
  });

  it("throttles like the other services when faults ask for it", async () => {
    sb.setFaults({ seed: 1, throttleRate: 1, services: ["organizations"] });
    try {
      const error = await rejection(new OrganizationsClient(clientConfig(sb)).send(new ListTagsForResourceCommand({ ResourceId: "200000000001" })));
      expect(error.name).toBe("TooManyRequestsException");
    } finally {
      sb.setFaults(null);
    }
  });

  it("checks account tags at start-up", async () => {
    await expect(startSandbox({ accounts: [{ id: "300000000001", tags: { "": "x" } }] })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
    await expect(startSandbox({ accounts: [{ id: "300000000001", tags: { env: 1 as unknown as string } }] })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
  });
});
