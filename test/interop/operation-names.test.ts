// Issue 20 B6 against botocore itself: for every operation of the installed SDK clients, the
// kebab-case name `call` accepts is the one the AWS CLI uses (botocore's xform_name over the
// service model's operation names, as `aws <service> help` lists them).
import { describe, expect, it } from "vitest";
import { cliOperationName } from "../../src/cli/call/operation-names.js";
import { python } from "./clients.js";

const SERVICES = { ec2: "@aws-sdk/client-ec2", rds: "@aws-sdk/client-rds", organizations: "@aws-sdk/client-organizations", sts: "@aws-sdk/client-sts", account: "@aws-sdk/client-account" } as const;

describe("call's operation names are the AWS CLI's", () => {
  it("every operation of ec2, rds, organizations, sts and account: ours = botocore's xform_name", async () => {
    const botocore = JSON.parse(await python(`
import botocore.session, json
from botocore import xform_name
s = botocore.session.get_session()
print(json.dumps({svc: {op: xform_name(op, "-") for op in s.get_service_model(svc).operation_names} for svc in ${JSON.stringify(Object.keys(SERVICES))}}))
`, {})) as Record<string, Record<string, string>>;
    let compared = 0;
    const differ: string[] = [];
    for (const [service, pkg] of Object.entries(SERVICES)) {
      const exports = (await import(pkg)) as Record<string, unknown>;
      const operations = Object.keys(exports).filter((n) => n.endsWith("Command") && n !== "Command").map((n) => n.slice(0, -"Command".length));
      for (const operation of operations) {
        const theirs = botocore[service]?.[operation];
        if (theirs === undefined) continue; // newer in one model than the other
        compared++;
        if (cliOperationName(operation) !== theirs) differ.push(`${service} ${operation}: ours ${cliOperationName(operation)}, botocore ${theirs}`);
      }
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(800);
  });
});
