// Testing your own fan-out script, two ways:
//  1. against the sandbox: a real local AWS on 127.0.0.1 with an organisation you describe,
//     SigV4 checked, AssumeRole enforced, faults on demand. Nothing is mocked.
//  2. with aws-sdk-client-mock, for a task in isolation: no server, no credentials.
// Run it with `npx vitest run examples/test-with-sandbox.test.ts`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { CredentialSession, fanOut } from "sessionfleet";
import { startSandbox, type Sandbox } from "sessionfleet/sandbox";
// The code under test: the task of examples/count-option-groups.ts.
import { countOptionGroups } from "./count-option-groups.js";

describe("countOptionGroups against a sandbox organisation", () => {
  let sb: Sandbox;
  let base: CredentialSession;

  beforeAll(async () => {
    sb = await startSandbox({
      managementAccountId: "900000000000",
      accounts: [{ id: "900000000001", name: "shop" }, { id: "900000000002", name: "data" }],
      regions: { enabled: ["eu-west-1", "us-east-1"] },
      roles: [{ accountId: "900000000001", roleName: "Inventory" }, { accountId: "900000000002", roleName: "Inventory" }],
      // 150 groups in one place: more than one page of DescribeOptionGroups (100 per page).
      optionGroups: { "900000000001": { "eu-west-1": 150, "us-east-1": 2 }, "900000000002": { "us-east-1": 1 } },
    });
    // Point a session at the sandbox explicitly: no environment variables to restore.
    base = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint } });
  });

  afterAll(async () => {
    await base?.close();
    await sb?.close();
  });

  it("counts every page in every account and region, with one AssumeRole per account", async () => {
    const report = await fanOut({ session: base, accounts: "organization", roles: "Inventory", regions: "enabled" }, countOptionGroups);
    expect(report.results.map((r) => [r.accountId, r.region, r.ok ? r.value : r.stage])).toEqual([
      ["900000000001", "eu-west-1", 150],
      ["900000000001", "us-east-1", 2],
      ["900000000002", "eu-west-1", 0],
      ["900000000002", "us-east-1", 1],
    ]);
    expect(sb.stats().assumeRole.byAccount).toEqual({ "900000000001": 1, "900000000002": 1 });
    expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(5); // 2 pages for the 150
  });

  it("survives throttling with the SDK's retries (faults are seeded, so this is repeatable)", async () => {
    sb.resetStats();
    sb.setFaults({ seed: 1, throttleRate: 0.5, services: ["rds"] });
    try {
      const session = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint, maxAttempts: 10 } });
      const report = await fanOut({ session, accounts: ["900000000001"], roles: "Inventory", regions: ["eu-west-1"] }, countOptionGroups);
      await session.close();
      expect(report.results).toMatchObject([{ ok: true, value: 150 }]);
      expect(sb.stats().errors).toEqual({ Throttling: 2 }); // answered 400 Throttling, retried by the SDK
    } finally {
      sb.setFaults(null);
    }
  });

  it("records a role that cannot be assumed as a failure of that account, not an exception", async () => {
    const report = await fanOut({ session: base, accounts: ["900000000001"], roles: "Missing", regions: ["us-east-1"] }, countOptionGroups);
    expect(report.failed.map((r) => [r.accountId, r.stage, r.error.code])).toEqual([["900000000001", "assume-role", "ERR_ASSUME_ROLE"]]);
    expect(() => report.throwIfFailed()).toThrow(/1 of 1 targets failed/);
  });
});

describe("countOptionGroups with aws-sdk-client-mock", () => {
  it("follows the Marker from page to page", async () => {
    const rds = mockClient(RDSClient);
    rds.on(DescribeOptionGroupsCommand, {}).resolves({ OptionGroupsList: [{}, {}], Marker: "page-2" });
    rds.on(DescribeOptionGroupsCommand, { Marker: "page-2" }).resolves({ OptionGroupsList: [{}] });
    try {
      // The mock replaces send() of every RDSClient, including the session's: no keys are used.
      const session = new CredentialSession({ accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake", region: "eu-west-1" });
      const signal = new AbortController().signal;
      expect(await countOptionGroups({ session, accountId: "123456789012", region: "eu-west-1", signal })).toBe(3);
      expect(rds.commandCalls(DescribeOptionGroupsCommand)).toHaveLength(2);
    } finally {
      rds.restore();
    }
  });
});
