// Choosing accounts by tags, names, exclusions and the own account, against the sandbox's demo
// organisation: exact targets, and the sandbox's own count of ListTagsForResource and AssumeRole.
import { afterEach, describe, expect, it } from "vitest";
import { listOrganizationAccounts } from "../../src/fanout/discovery/organization.js";
import { fanOut } from "../../src/fanout/run.js";
import { selectAccounts } from "../../src/fanout/accounts/selection.js";
import type { AccountSelection, FanOutOptions } from "../../src/fanout/types.js";
import { harness, ROLE, type Harness } from "../e2e/helpers.js";
import { fastRetries } from "../faults/helpers.js";

const MANAGEMENT = "100000000001";
const PROD = ["200000000001", "200000000002", "200000000003"];
const tagLookups = (h: Harness): number => h.sb.stats().byAction["organizations:ListTagsForResource"] ?? 0;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function run(options: Omit<FanOutOptions, "session">): Promise<{ ids: string[]; selection: AccountSelection | undefined; report: Awaited<ReturnType<typeof fanOut<string>>> }> {
  let selection: AccountSelection | undefined;
  const report = await fanOut({ session: h!.base, regions: ["us-east-1"], ...options, onAccounts: (s) => (selection = s) }, ({ accountId }) => accountId);
  return { ids: report.results.map((r) => r.accountId), selection, report };
}

describe("account selection on the demo organisation", () => {
  it("tags: { env: \"prod\" } targets exactly the prod accounts, one ListTagsForResource per candidate", async () => {
    h = await harness();
    const { ids, selection, report } = await run({ accounts: { organization: { tags: { env: "prod" } } }, roles: ROLE });
    expect(ids).toEqual(PROD);
    // Candidates: the 5 ACTIVE members (the suspended one and the own account never get a lookup).
    expect(tagLookups(h)).toBe(5);
    expect(report.results.map((r) => r.accountName)).toEqual(["prod-web", "prod-data", "prod-legacy"]);
    expect(selection?.accounts.map((a) => a.tags?.team)).toEqual(["payments", "search", "payments"]);
    expect(selection?.leftOut.map((l) => `${l.accountId}:${l.rule}`).sort()).toEqual([
      `${MANAGEMENT}:own-account`, "200000000004:tags", "200000000005:tags", "200000000006:not-active",
    ]);
  });

  it("a list of values means any of them; every key must match", async () => {
    h = await harness();
    const { ids } = await run({ accounts: { organization: { tags: { env: "dev", team: ["payments", "search"] } } }, roles: ROLE });
    expect(ids).toEqual(["200000000004", "200000000005"]);
    const { ids: none } = await run({ accounts: { organization: { tags: { env: "prod", team: "nobody" } } }, roles: ROLE });
    expect(none).toEqual([]);
  });

  it("names and exclusions by id and by glob need no tag lookup", async () => {
    h = await harness();
    const { ids, selection } = await run({ accounts: { organization: { names: ["prod-*", "dev-web"], exclude: ["200000000002", "*-legacy"] } }, roles: ROLE });
    expect(ids).toEqual(["200000000001", "200000000004"]);
    expect(tagLookups(h)).toBe(0);
    expect(selection?.leftOut.filter((l) => l.rule === "excluded").map((l) => l.name)).toEqual(["prod-data", "prod-legacy"]);
    expect(selection?.leftOut.filter((l) => l.rule === "names").map((l) => l.name)).toEqual(["dev-data"]);
  });

  it("includeSelf: true runs the management account with the base credentials: 0 AssumeRole for it", async () => {
    h = await harness();
    const { ids, report } = await run({ accounts: { organization: { includeSelf: true, names: ["management", "prod-web"] } }, roles: ROLE });
    expect(ids).toEqual([MANAGEMENT, "200000000001"]);
    expect(report.failed).toEqual([]);
    expect(report.results[0]).toMatchObject({ accountId: MANAGEMENT, accountName: "management", ok: true });
    expect(report.results[0]!.roleArn).toBeUndefined();
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1 });
  });

  it("includeSelf: { role } assumes that role in the own account instead", async () => {
    h = await harness();
    const { report } = await run({ accounts: { organization: { includeSelf: { role: "AuditRole" }, names: ["management"] } }, roles: ROLE });
    expect(report.results.map((r) => [r.accountId, r.roleArn, r.ok ? "ok" : r.stage])).toEqual([[MANAGEMENT, `arn:aws:iam::${MANAGEMENT}:role/AuditRole`, "assume-role"]]);
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ [MANAGEMENT]: 1 });
  });

  it("throttled tag lookups (40% TooManyRequestsException) still give the right selection", async () => {
    h = await harness({ faults: { seed: 7, throttleRate: 0.4, services: ["organizations"] } }, fastRetries(10));
    const { ids } = await run({ accounts: { organization: { tags: { env: "prod" } } }, roles: ROLE, concurrency: 2 });
    expect(ids).toEqual(PROD);
    expect(h.sb.stats().faults.throttle).toBeGreaterThan(0);
    // Retried lookups are more requests than candidates, still one successful lookup each.
    expect(tagLookups(h)).toBeGreaterThan(5);
    expect(h.sb.stats().errors.TooManyRequestsException).toBe(h.sb.stats().faults.throttle);
  });

  it("a failed tag lookup is a discover record for that account, never a silent drop", async () => {
    // One attempt, lookups one at a time in id order: seed 2 throttles the 1st, 3rd and 5th
    // ListTagsForResource and lets ListAccounts through (the faults are keyed by action and count).
    h = await harness({ faults: { seed: 2, throttleRate: 0.5, services: ["organizations"] } }, fastRetries(1));
    const { report, selection } = await run({ accounts: { organization: { tags: { env: "prod" } } }, roles: ROLE, concurrency: 1 });
    expect(report.results.map((r) => `${r.accountId}:${r.accountName}:${r.ok ? "ok" : r.stage}`)).toEqual([
      "200000000001:prod-web:discover", "200000000003:prod-legacy:discover", "200000000005:dev-data:discover", "200000000002:prod-data:ok",
    ]);
    for (const r of report.failed) expect(r.error).toMatchObject({ code: "ERR_DISCOVERY", accountId: r.accountId });
    expect(report.failed[0]!.error.message).toMatch(/tags of account 200000000001 .*TooManyRequestsException/);
    expect(selection?.failed.map((f) => f.accountId)).toEqual(["200000000001", "200000000003", "200000000005"]);
    expect(selection?.leftOut.filter((l) => l.rule === "tags").map((l) => l.accountId)).toEqual(["200000000004"]);
    expect(tagLookups(h)).toBe(5);
  });

  it("listOrganizationAccounts returns tags when asked, and narrows by tags and names", async () => {
    h = await harness();
    const prod = await listOrganizationAccounts(h.base, { tags: { env: "prod" }, names: ["prod-*"], withTags: true });
    expect(prod.map((a) => [a.accountId, a.tags])).toEqual(PROD.map((id, i) => [id, { env: "prod", team: i === 1 ? "search" : "payments" }]));
    const plain = await listOrganizationAccounts(h.base, { names: ["dev-*"] });
    expect(plain.map((a) => a.name)).toEqual(["dev-web", "dev-data"]);
    expect(plain[0]!.tags).toBeUndefined();
  });

  it("selectAccounts says what a run would target without assuming any role", async () => {
    h = await harness();
    const selection = await selectAccounts(h.base, { organization: { tags: { team: "search" } } });
    expect(selection.accounts.map((a) => a.name)).toEqual(["prod-data", "dev-data"]);
    expect(h.sb.stats().assumeRole.total).toBe(0);
  });

  it("a bad filter is ERR_INVALID_INPUT naming the option, before any request", async () => {
    h = await harness();
    await expect(fanOut({ session: h.base, accounts: { organization: { tags: { env: [] } } }, roles: ROLE }, () => 1)).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "accounts.organization.tags.env" });
    await expect(fanOut({ session: h.base, accounts: { organization: { names: [""] } }, roles: ROLE }, () => 1)).rejects.toMatchObject({ option: "accounts.organization.names[0]" });
    await expect(fanOut({ session: h.base, accounts: { organization: { includeSelf: { role: "bad role!" } } }, roles: ROLE }, () => 1)).rejects.toMatchObject({ option: "accounts.organization.includeSelf.role" });
    expect(h.sb.stats().requests).toBe(0);
  });
});

describe("includeSelf with a role ARN", () => {
  it("must name the own account: otherwise the discovery record says so", async () => {
    h = await harness();
    const report = await fanOut({ session: h.base, regions: ["us-east-1"], accounts: { organization: { includeSelf: { role: "arn:aws:iam::200000000001:role/AuditRole" } } }, roles: ROLE }, () => 1);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ ok: false, stage: "discover", accountId: "" });
    expect(report.failed[0]!.error.message).toMatch(/your own account 100000000001/);
    expect(h.sb.stats().assumeRole.total).toBe(0);
  });
});
