// Every kind of failure, driven through the sandbox as a real HTTP server: the FleetError of the
// record says what kind of trouble it was, whether it is worth retrying, the HTTP status and the
// service's error code.
import { DescribeOptionGroupsCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { CredentialSession, fanOut, FleetError, type FanOutFailure, type FanOutTask } from "../../src/index.js";
import type { SandboxFaults } from "../../src/sandbox/index.js";
import { roleArn } from "../e2e/helpers.js";
import { accountIds, countGroups, fastRetries, faultSuite, fleetSandbox, ROLE } from "../faults/helpers.js";

const suite = faultSuite();
const [ACCOUNT] = accountIds(1) as [string];
const REGION = "us-east-1";
const count: FanOutTask<number> = ({ session, signal }) => countGroups(session, signal);

/** The one failure of a one-target run with `faults` on RDS and `maxAttempts` 2. */
async function failureWith(faults: SandboxFaults, task: FanOutTask<unknown> = count): Promise<FanOutFailure> {
  const h = await suite.start(fleetSandbox([ACCOUNT], [REGION], { faults: { services: ["rds"], ...faults } }), fastRetries(2));
  const report = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: [REGION] }, task);
  expect(report.failed).toHaveLength(1);
  return report.failed[0]!;
}

const facts = (f: FanOutFailure) => ({ stage: f.stage, code: f.error.code, kind: f.error.kind, retryable: f.error.retryable, httpStatus: f.error.httpStatus, awsCode: f.error.awsCode });

describe("error kinds from the sandbox", () => {
  it("throttling: throttled, retryable, 400 Throttling, after every attempt", async () => {
    const f = await failureWith({ throttleRate: 1 });
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "throttled", retryable: true, httpStatus: 400, awsCode: "Throttling" });
    expect(f.error.attempts).toBe(2);
    expect(f.error.requestId).toMatch(/\S/);
  });

  it("5xx: server, retryable, 500 InternalFailure or 503 ServiceUnavailable", async () => {
    const f = await failureWith({ serverErrorRate: 1, seed: 3 });
    expect(facts(f)).toMatchObject({ stage: "task", kind: "server", retryable: true });
    expect([[500, "InternalFailure"], [503, "ServiceUnavailable"]]).toContainEqual([f.error.httpStatus, f.error.awsCode]);
  });

  it("connection resets: network, retryable, no HTTP status", async () => {
    const f = await failureWith({ resetRate: 1 });
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "network", retryable: true, httpStatus: undefined, awsCode: undefined });
  });

  it("a role that does not exist: access-denied at assume-role, 403 AccessDenied, not retryable", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], [REGION]), fastRetries(2));
    const report = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: "NoSuchRole", regions: [REGION] }, count);
    expect(report.failed.map(facts)).toEqual([{ stage: "assume-role", code: "ERR_ASSUME_ROLE", kind: "access-denied", retryable: false, httpStatus: 403, awsCode: "AccessDenied" }]);
    expect(report.failed[0]!.error.attempts).toBe(1);
  });

  it("an operation the endpoint does not serve: not-found, 400 InvalidAction", async () => {
    const f = await failureWith({}, ({ session, signal }) => session.client(RDSClient).send(new DescribeDBInstancesCommand({}), { abortSignal: signal }));
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "not-found", retryable: false, httpStatus: 400, awsCode: "InvalidAction" });
  });

  it("a bad parameter: invalid-request, 400 InvalidParameterValue", async () => {
    const f = await failureWith({}, ({ session, signal }) => session.client(RDSClient).send(new DescribeOptionGroupsCommand({ MaxRecords: 5 }), { abortSignal: signal }));
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "invalid-request", retryable: false, httpStatus: 400, awsCode: "InvalidParameterValue" });
  });

  it("an HTML 502 from a proxy: server, retryable, 502, no AWS code, and a message that names status and content-type", async () => {
    const f = await failureWith({ htmlErrorRate: 1 });
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "server", retryable: true, httpStatus: 502, awsCode: undefined });
    expect(f.error.attempts).toBe(2);
    expect(f.error.message).toContain("HTTP 502 from RDS DescribeOptionGroups with a body that was not an AWS response (content-type text/html)");
    expect(f.error.message).not.toMatch(/parse|Unexpected token|<html/i);
  });

  it("an empty 200: a failure (not an empty result) naming the status and the empty body", async () => {
    const f = await failureWith({ emptyOkRate: 1 });
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "server", retryable: false, httpStatus: 200, awsCode: undefined });
    expect(f.error.message).toContain("HTTP 200 from RDS DescribeOptionGroups with an empty body");
  });

  it("an HTML 502 from STS: the assume-role failure says so", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], [REGION], { faults: { services: ["sts"], htmlErrorRate: 1 } }), fastRetries(2));
    const report = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: [REGION] }, count);
    expect(report.failed.map(facts)).toEqual([{ stage: "assume-role", code: "ERR_ASSUME_ROLE", kind: "server", retryable: true, httpStatus: 502, awsCode: undefined }]);
    expect(report.failed[0]!.error.message).toContain("HTTP 502 from STS AssumeRole with a body that was not an AWS response (content-type text/html)");
  });

  it("expired credentials: expired-credentials, 400 ExpiredToken, not retryable", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], [REGION]), fastRetries(2));
    const issued = await h.base.assumeRole(roleArn(ACCOUNT)).getCredentials();
    const stale = new CredentialSession({ credentials: issued, region: REGION, clientConfig: { endpoint: h.sb.endpoint }, pool: h.pool });
    try {
      h.sb.expireAll();
      const report = await fanOut({ session: stale, regions: [REGION] }, count);
      expect(report.failed.map(facts)).toEqual([{ stage: "discover", code: "ERR_DISCOVERY", kind: "expired-credentials", retryable: false, httpStatus: 400, awsCode: "ExpiredToken" }]);
    } finally {
      await stale.close();
    }
  });

  it("a timeout and a cancellation: timeout (retryable) and cancelled (not)", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], [REGION], { latencyMs: { byService: { rds: 5_000 } } }), fastRetries(2));
    const timedOut = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: [REGION], timeoutMs: 200 }, count);
    expect(timedOut.failed.map(facts)).toEqual([{ stage: "timeout", code: "ERR_TIMEOUT", kind: "timeout", retryable: true, httpStatus: undefined, awsCode: undefined }]);
    const cancelled = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: [REGION], signal: AbortSignal.abort() }, count);
    expect(cancelled.failed.map(facts)).toEqual([{ stage: "cancelled", code: "ERR_CANCELLED", kind: "cancelled", retryable: false, httpStatus: undefined, awsCode: undefined }]);
  });

  it("a task's own error: unknown, not retryable; toJSON carries the facts", async () => {
    const f = await failureWith({}, () => {
      throw new Error("boom");
    });
    expect(facts(f)).toEqual({ stage: "task", code: "ERR_TASK", kind: "unknown", retryable: false, httpStatus: undefined, awsCode: undefined });
    const throttled = await failureWith({ throttleRate: 1 });
    expect(throttled.error.toJSON()).toMatchObject({ code: "ERR_TASK", kind: "throttled", retryable: true, httpStatus: 400, awsCode: "Throttling", attempts: 2 });
    expect(JSON.parse(JSON.stringify(throttled.error))).toMatchObject({ kind: "throttled", requestId: throttled.error.requestId });
    expect(new FleetError("ERR_NO_REGION", "x").kind).toBe("config");
  });
});
