import { describe, expect, it } from "vitest";
import { FleetError } from "../../src/errors.js";
import { planFanOut } from "../../src/fanout/options.js";
import { chooseFromList } from "../../src/fanout/accounts/selection.js";
import { inShard, shardOf, unitsForAccount } from "../../src/fanout/targets.js";
import { regionsOfPartition } from "../../src/partitions.js";
import { accountIds, fakeSession } from "./fakes.js";

const task = async () => 1;
const { session } = fakeSession();

function invalid(options: Record<string, unknown>, option: string): void {
  let caught: unknown;
  try {
    planFanOut({ session, ...options } as never, task);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FleetError);
  expect((caught as FleetError).code).toBe("ERR_INVALID_INPUT");
  expect((caught as FleetError).option).toBe(option);
}

describe("planFanOut validation", () => {
  it.each([
    [{ regions: ["us-east-1", "us-est-1"] }, "regions[1]"],
    [{ regions: ["us-east-1", "us-east-1"] }, "regions[1]"],
    [{ regions: [] }, "regions"],
    [{ regions: "some" }, "regions"],
    [{ regions: ["us-east-1", "cn-north-1"] }, "regions[1]"],
    [{ accounts: ["12345"], roles: "Audit" }, "accounts[0]"],
    [{ accounts: [111111111111], roles: "Audit" }, "accounts[0]"],
    [{ accounts: ["111111111111", "111111111111"], roles: "Audit" }, "accounts[1]"],
    [{ accounts: ["111111111111"] }, "roles"],
    [{ accounts: ["111111111111"], roles: "bad role!" }, "roles"],
    [{ accounts: ["111111111111"], roles: ["Audit", "bad/role"] }, "roles[1]"],
    [{ accounts: ["111111111111"], roles: ["arn:aws:iam::222222222222:role/Audit"] }, "roles[0]"],
    [{ accounts: ["111111111111"], roles: ["arn:aws-cn:iam::111111111111:role/Audit"] }, "roles[0]"],
    [{ roles: "Audit" }, "roles"],
    [{ accounts: "organization", roles: "arn:aws:iam::111111111111:role/Audit" }, "roles"],
    [{ accounts: { organization: { ous: ["ou-bad"] } }, roles: "Audit" }, "accounts.organization.ous[0]"],
    [{ accounts: { organization: { exclude: [""] } }, roles: "Audit" }, "accounts.organization.exclude[0]"],
    [{ accounts: { organization: { includeSelf: "yes" } }, roles: "Audit" }, "accounts.organization.includeSelf"],
    [{ accounts: { organization: { ou: [] } }, roles: "Audit" }, "accounts.organization.ou"],
    [{ accounts: { org: {} }, roles: "Audit" }, "accounts"],
    [{ concurrency: 0 }, "concurrency"],
    [{ concurrency: 1.5 }, "concurrency"],
    [{ perAccountConcurrency: -1 }, "perAccountConcurrency"],
    [{ perRegionConcurrency: "2" }, "perRegionConcurrency"],
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ signal: {} }, "signal"],
    [{ onProgress: 1 }, "onProgress"],
    [{ shard: { index: 2, count: 2 } }, "shard.index"],
    [{ shard: { index: -1, count: 2 } }, "shard.index"],
    [{ shard: { index: 0, count: 0 } }, "shard.count"],
    [{ shard: { index: 0, count: 2, extra: 1 } }, "shard.extra"],
    [{ sessionName: "x" }, "sessionName"],
    [{ externalId: "!" }, "externalId"],
    [{ durationSeconds: 10 }, "durationSeconds"],
    [{ concurency: 4 }, "options.concurency"],
    [{ session: {} }, "session"],
  ])("rejects %j naming %s", (options, option) => invalid(options, option));

  it("quotes the bad value in the message", () => {
    expect(() => planFanOut({ session, regions: ["us-east-1", "us-est-1"] }, task)).toThrow(/regions\[1\].*"us-est-1"/);
  });

  it("rejects a non-function task", () => {
    expect(() => planFanOut({ session }, "x" as never)).toThrow(FleetError);
  });

  it("needs a region for omitted or enabled regions", () => {
    const { session: noRegion } = fakeSession({ region: undefined });
    for (const regions of [undefined, "enabled"] as const) {
      try {
        planFanOut({ session: noRegion, ...(regions && { regions }) }, task);
        expect.unreachable();
      } catch (error) {
        expect((error as FleetError).code).toBe("ERR_NO_REGION");
      }
    }
  });
});

describe("planFanOut normalisation", () => {
  it("defaults to the caller's account and the session's region", () => {
    const plan = planFanOut({ session }, task);
    expect(plan.accounts).toEqual({ kind: "self" });
    expect(plan.regions).toEqual({ kind: "list", regions: ["us-east-1"] });
    expect(plan.concurrency).toBe(16);
  });

  it("expands all to the partition's regions", () => {
    const plan = planFanOut({ session, regions: "all" }, task);
    expect(plan.regions).toEqual({ kind: "list", regions: regionsOfPartition("aws") });
    const { session: cn } = fakeSession({ region: "cn-north-1" });
    expect(planFanOut({ session: cn, regions: "all" }, task).regions).toEqual({ kind: "list", regions: ["cn-north-1", "cn-northwest-1"] });
  });

  it("derives accounts from role ARNs when accounts is omitted", () => {
    const plan = planFanOut({ session, roles: ["arn:aws:iam::222222222222:role/A", "arn:aws:iam::111111111111:role/B", "arn:aws:iam::222222222222:role/C"] }, task);
    expect(plan.accounts).toMatchObject({ kind: "list", accounts: [{ accountId: "222222222222" }, { accountId: "111111111111" }] });
    expect(unitsForAccount(plan, "222222222222").map((u) => u.roleArn)).toEqual(["arn:aws:iam::222222222222:role/A", "arn:aws:iam::222222222222:role/C"]);
  });

  it("makes role names into ARNs in the regions' partition, in role order", () => {
    const { session: gov } = fakeSession({ region: "us-gov-west-1" });
    const plan = planFanOut({ session: gov, accounts: ["111111111111"], roles: ["A", "arn:aws-us-gov:iam::111111111111:role/path/B"] }, task);
    expect(unitsForAccount(plan, "111111111111")).toEqual([
      { accountId: "111111111111", roleArn: "arn:aws-us-gov:iam::111111111111:role/A" },
      { accountId: "111111111111", roleArn: "arn:aws-us-gov:iam::111111111111:role/path/B" },
    ]);
  });

  it("reads organization options", () => {
    const plan = planFanOut({ session, roles: "A", accounts: { organization: { ous: ["ou-ab12-abcdefgh", "r-ab12"], exclude: ["111111111111"], includeSelf: true } } }, task);
    expect(plan.accounts).toMatchObject({ kind: "organization", ous: ["ou-ab12-abcdefgh", "r-ab12"], filters: { exclude: { ids: new Set(["111111111111"]) } }, includeSelf: "base" });
    expect(planFanOut({ session, roles: "A", accounts: "organization" }, task).accounts).toMatchObject({ kind: "organization", includeSelf: false });
  });

  it("keeps only given assume-role options", () => {
    expect(planFanOut({ session, sessionName: "audit-run", durationSeconds: 900 }, task).assume).toEqual({ sessionName: "audit-run", durationSeconds: 900 });
  });
});

describe("sharding and organization selection", () => {
  it("puts every account in exactly one shard, deterministically", () => {
    const ids = accountIds(500);
    for (const count of [1, 2, 3, 7]) {
      const seen = new Map<string, number>();
      for (let index = 0; index < count; index++) {
        for (const id of ids) if (inShard(id, { index, count })) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      expect(seen.size).toBe(500);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    }
    expect(shardOf("111111111111", 4)).toBe(shardOf("111111111111", 4));
    // Roughly balanced: no shard of 4 gets under 15 % of 500 accounts.
    const sizes = [0, 1, 2, 3].map((index) => ids.filter((id) => inShard(id, { index, count: 4 })).length);
    expect(Math.min(...sizes)).toBeGreaterThan(75);
  });

  it("drops excluded ids and name globs from a list, keeping its order", () => {
    const plan = planFanOut({ session, roles: "A", accounts: { list: [{ accountId: "333333333333", name: "sandbox-1" }, "111111111111", "222222222222"], exclude: ["222222222222", "sandbox-*"] } }, task);
    if (plan.accounts.kind !== "list") throw new Error("expected a list plan");
    const chosen = chooseFromList(plan.accounts);
    expect(chosen.targets.map((t) => t.accountId)).toEqual(["111111111111"]);
    expect(chosen.selection.leftOut).toEqual([{ accountId: "333333333333", name: "sandbox-1", rule: "excluded" }, { accountId: "222222222222", rule: "excluded" }]);
  });
});
