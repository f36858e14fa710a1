// A run closes only the child sessions it made (issue 12 C.9), against the sandbox: the caller's
// own child of the same role keeps its clients and its AssumeRole in flight, and two concurrent
// runs on one base session do not close each other's children. Counts come from the sandbox.
import { STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { fanOut } from "../../src/index.js";
import { countGroups, expectedGroups, fastRetries, fleetSandbox, faultSuite } from "../faults/helpers.js";
import { ROLE, roleArn } from "../e2e/helpers.js";

const suite = faultSuite();
const ACCOUNT = "300000000001";
const REGIONS = ["us-east-1", "us-east-2"];
const values = (report: { results: ReadonlyArray<{ ok: boolean; value?: unknown; stage?: string }> }) => report.results.map((r) => (r.ok ? r.value : r.stage));

describe("fanOut leaves sessions it did not create alone", () => {
  it("the caller's child of the same role keeps its client and credentials through a run", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], REGIONS), fastRetries());
    const mine = h.base.assumeRole(roleArn(ACCOUNT));
    const sts = mine.client(STSClient);
    const before = await mine.getCredentials();
    const report = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: REGIONS }, ({ session, signal }) => countGroups(session, signal));
    expect(values(report)).toEqual(REGIONS.map((r) => expectedGroups(ACCOUNT, r)));
    // Not closed: the same client instance, the same credentials, no new AssumeRole for the caller.
    expect(mine.client(STSClient)).toBe(sts);
    expect((await mine.getCredentials()).accessKeyId).toBe(before.accessKeyId);
    expect((await mine.identity()).arn).toContain(`:${ACCOUNT}:assumed-role/${ROLE}/`);
    expect(h.sb.stats().assumeRole.byAccount[ACCOUNT]).toBe(2);
  });

  it("a run that times out does not abort the caller's AssumeRole in flight", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], REGIONS, { latencyMs: { byService: { sts: 400 } } }), fastRetries());
    const mine = h.base.assumeRole(roleArn(ACCOUNT));
    const loading = mine.getCredentials();
    const report = await fanOut({ session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: REGIONS, timeoutMs: 100 }, ({ session, signal }) => countGroups(session, signal));
    expect(values(report)).toEqual(["timeout", "timeout"]);
    await expect(loading).resolves.toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA/) });
  });

  it("two concurrent runs on one base session: the short one does not fail the long one", async () => {
    const h = await suite.start(fleetSandbox([ACCOUNT], REGIONS, { latencyMs: { byService: { sts: 400 } } }), fastRetries());
    const options = { session: h.base, accounts: [ACCOUNT], roles: ROLE, regions: REGIONS };
    const long = fanOut(options, ({ session, signal }) => countGroups(session, signal));
    const short = await fanOut({ ...options, timeoutMs: 100 }, ({ session, signal }) => countGroups(session, signal));
    expect(values(short)).toEqual(["timeout", "timeout"]);
    expect(values(await long)).toEqual(REGIONS.map((r) => expectedGroups(ACCOUNT, r)));
    // One AssumeRole per run (the short run's was aborted on its timeout).
    expect(h.sb.stats().assumeRole.byAccount[ACCOUNT]).toBe(2);
  });
});
