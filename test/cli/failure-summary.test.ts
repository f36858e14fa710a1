// The CLI's stderr after a run: failures grouped by (stage, kind, code) with a count, three
// examples, the AWS message once and one line of advice; --verbose lists every failed target
// in one short line; json/ndjson carry kind, retryable, httpStatus and awsCode per record.
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { advice } from "../../src/cli/output/summary.js";

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const ROLE = "OrganizationAccountAccessRole";
// In the demo organisation 200000000003 (prod-legacy) has no such role; 200000000001 enables
// only some regions, so "all" regions also fail there with the key refused.
const BASE = ["option-groups", "--sandbox", "--accounts", "200000000001,200000000003", "--role", ROLE];
const lines = (text: string) => text.split("\n").filter((l) => l.length > 0);

describe("failure summary on stderr", () => {
  it("--regions all with one account lacking the role: a grouped summary of under 10 lines, with advice", async () => {
    const run = await cli([...BASE, "--regions", "all"]);
    expect(run.code).toBe(1);
    const err = lines(run.stderr);
    expect(err.length).toBeLessThanOrEqual(10);
    expect(err[0]).toMatch(/^failed: \d+ of \d+ targets, 2 kinds of failure$/);
    const head = err.find((l) => l.includes("assume-role access-denied"))!;
    expect(head).toMatch(/^ {2}\d+ × assume-role access-denied ERR_ASSUME_ROLE \(AccessDenied\): 200000000003 af-south-1, 200000000003 ap-east-1, 200000000003 ap-east-2, and \d+ more$/);
    const block = err.slice(err.indexOf(head), err.indexOf(head) + 3);
    expect(block[1]).toBe(`    AWS said: User: arn:aws:iam::100000000001:user/sandbox-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::200000000003:role/${ROLE}`);
    expect(block[2]).toBe("    what to do: the role is missing or does not trust arn:aws:iam::100000000001:user/sandbox-admin");
    expect(err.filter((l) => l.includes(`role/${ROLE}`))).toHaveLength(1);
    expect(err).toContain("    what to do: the key is not valid there: the region may not be enabled for the account (use --regions enabled)");
  });

  it("--verbose: one short line per failed target, then the summary; the role ARN at most once a line", async () => {
    const run = await cli([...BASE, "--regions", "us-east-1,eu-west-1,us-west-2", "--verbose"]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `failed 200000000003 us-east-1 ${ROLE} assume-role access-denied (AccessDenied)`,
      `failed 200000000003 eu-west-1 ${ROLE} assume-role access-denied (AccessDenied)`,
      `failed 200000000003 us-west-2 ${ROLE} assume-role access-denied (AccessDenied)`,
      "failed: 3 of 6 targets",
      "  3 × assume-role access-denied ERR_ASSUME_ROLE (AccessDenied): 200000000003 us-east-1, 200000000003 eu-west-1, 200000000003 us-west-2",
      `    AWS said: User: arn:aws:iam::100000000001:user/sandbox-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::200000000003:role/${ROLE}`,
      "    what to do: the role is missing or does not trust arn:aws:iam::100000000001:user/sandbox-admin",
    ]);
  });

  it("json and ndjson: one record per target with kind, retryable, httpStatus, awsCode, attempts", async () => {
    const args = [...BASE, "--regions", "us-east-1"];
    const [json, ndjson] = await Promise.all([cli([...args, "--format", "json"]), cli([...args, "--format", "ndjson"])]);
    const fromJson = (JSON.parse(json.stdout) as { targets: Array<Record<string, unknown>> }).targets;
    const fromNdjson = lines(ndjson.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const records of [fromJson, fromNdjson]) {
      expect(records).toHaveLength(2);
      const failed = records.find((r) => r.ok === false)!;
      expect(failed).toMatchObject({
        accountId: "200000000003", stage: "assume-role",
        error: { code: "ERR_ASSUME_ROLE", kind: "access-denied", retryable: false, httpStatus: 403, awsCode: "AccessDenied", attempts: 1, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      });
    }
    expect(lines(json.stderr).slice(0, 4)).toEqual(lines(ndjson.stderr).slice(0, 4));
  });

  it("csv: the failure's kind, retryable, status, AWS code and attempts as columns", async () => {
    const run = await cli([...BASE, "--regions", "us-east-1", "--format", "csv"]);
    const [header, , failed] = run.stdout.split("\r\n");
    expect(header).toBe("accountId,region,roleArn,ok,optionGroups,stage,errorCode,errorMessage,errorKind,retryable,httpStatus,awsCode,attempts");
    expect(failed).toMatch(/,assume-role,ERR_ASSUME_ROLE,".*",access-denied,false,403,AccessDenied,1$/);
  });
});

describe("advice", () => {
  it("an unknown key at the run's own discovery points at the caller's keys, not at regions", () => {
    expect(advice("access-denied", "discover", "The security token included in the request is invalid.", "InvalidClientTokenId")).toMatch(/^your access key is not known there: check the keys or --profile/);
    expect(advice("access-denied", "task", "The security token included in the request is invalid.", "InvalidClientTokenId")).toMatch(/region may not be enabled/);
  });
});
