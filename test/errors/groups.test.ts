// report.summary.byKind / byStageCode and report.groups() over a real run against the sandbox:
// one account lacking the role across every region, one throttled account, one fine account.
import { describe, expect, it } from "vitest";
import { fanOut } from "../../src/index.js";
import { accountIds, countGroups, fastRetries, faultSuite, FLEET_REGIONS, fleetSandbox, ROLE } from "../faults/helpers.js";

const suite = faultSuite();

describe("failure groups", () => {
  it("counts failures by kind and by (stage, code), and groups them with their targets", async () => {
    const [good, noRole] = accountIds(2) as [string, string];
    // Only the good account has the role; RDS throttles every call in eu-west-1.
    const h = await suite.start(fleetSandbox([good, noRole], FLEET_REGIONS, { roles: [{ accountId: good, roleName: ROLE }] }), fastRetries(1));
    const report = await fanOut({ session: h.base, accounts: [good, noRole], roles: ROLE, regions: FLEET_REGIONS }, async ({ session, region, signal }) => {
      if (region === "eu-west-1") throw Object.assign(new Error("Rate exceeded"), { name: "Throttling", $fault: "client", $metadata: { httpStatusCode: 400 } });
      return countGroups(session, signal);
    });
    expect(report.summary).toMatchObject({ targets: 16, succeeded: 7, failed: 9, byKind: { "access-denied": 8, throttled: 1 } });
    expect(report.summary.byStageCode).toEqual([{ stage: "task", code: "ERR_TASK", count: 1 }, { stage: "assume-role", code: "ERR_ASSUME_ROLE", count: 8 }]);
    const groups = report.groups();
    expect(groups.map((g) => [g.stage, g.kind, g.code, g.awsCode, g.targets.length])).toEqual([
      ["assume-role", "access-denied", "ERR_ASSUME_ROLE", "AccessDenied", 8],
      ["task", "throttled", "ERR_TASK", "Throttling", 1],
    ]);
    expect(groups[0]!.targets.map((t) => t.region)).toEqual(FLEET_REGIONS);
    expect(groups[0]!.message).toMatch(/^User: arn:aws:iam::\d{12}:user\/sandbox-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::300000000002:role\/OrganizationAccountAccessRole$/);
    expect(groups[1]!).toMatchObject({ message: "Rate exceeded", targets: [{ accountId: good, region: "eu-west-1" }] });
  });
});
