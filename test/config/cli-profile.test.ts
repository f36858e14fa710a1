// Issue 12 A.1 + A.2 through the built CLI: with the region (and endpoint_url) only in
// `[profile ops]`, `whoami --profile ops` and `AWS_PROFILE=ops whoami` both reach the sandbox in
// the profile's region. Requests are counted on the sandbox.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { profileFiles, sandboxKeys, type ProfileFiles } from "./profile-files.js";

let sb: Sandbox;
let withEndpoint: ProfileFiles;
let regionOnly: ProfileFiles;
beforeAll(async () => {
  sb = await startSandbox({ faults: null });
  withEndpoint = profileFiles(`[profile ops]\nregion = eu-west-1\nendpoint_url = ${sb.endpoint}\n`, sandboxKeys("ops"));
  regionOnly = profileFiles("[profile ops]\nregion = eu-west-1\n", sandboxKeys("ops"));
});
afterAll(async () => {
  withEndpoint.restore();
  regionOnly.restore();
  await sb.close();
});
beforeEach(() => sb.resetStats());

const identity = (stdout: string) => (JSON.parse(stdout) as { targets: Array<{ region: string; ok: boolean; arn?: string }> }).targets.map((t) => [t.region, t.ok, t.arn]);
const ADMIN = "arn:aws:iam::100000000001:user/sandbox-admin";

describe("CLI: the profile's region and endpoint_url (issue 12 A.1, A.2)", () => {
  it("whoami --profile ops --endpoint-url E runs in the profile's region", async () => {
    const run = await runCli(["whoami", "--profile", "ops", "--endpoint-url", sb.endpoint, "--format", "json"], cleanEnv(regionOnly.env));
    expect(run.stderr).not.toContain("ERR_NO_REGION");
    expect(run.code).toBe(0);
    expect(identity(run.stdout)).toEqual([["eu-west-1", true, ADMIN]]);
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2 });
  });

  it("AWS_PROFILE=ops whoami --endpoint-url E runs in the profile's region", async () => {
    const run = await runCli(["whoami", "--endpoint-url", sb.endpoint, "--format", "json"], cleanEnv({ ...regionOnly.env, AWS_PROFILE: "ops" }));
    expect(run.code).toBe(0);
    expect(identity(run.stdout)).toEqual([["eu-west-1", true, ADMIN]]);
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2 });
  });

  it("whoami --profile ops reaches the profile's endpoint_url, like AWS_PROFILE=ops whoami", async () => {
    const byFlag = await runCli(["whoami", "--profile", "ops", "--format", "json"], cleanEnv(withEndpoint.env));
    expect(byFlag.code).toBe(0);
    expect(identity(byFlag.stdout)).toEqual([["eu-west-1", true, ADMIN]]);
    expect(sb.stats().byAction).toEqual({ "sts:GetCallerIdentity": 2 });
    const byEnv = await runCli(["whoami", "--format", "json"], cleanEnv({ ...withEndpoint.env, AWS_PROFILE: "ops" }));
    expect(byEnv.code).toBe(0);
    expect(identity(byEnv.stdout)).toEqual([["eu-west-1", true, ADMIN]]);
    expect(sb.stats().byAction).toEqual({ "sts:GetCallerIdentity": 4 });
  });

  it("regions --profile ops lists from the profile's endpoint in the profile's region", async () => {
    const run = await runCli(["regions", "--profile", "ops", "--format", "json"], cleanEnv(withEndpoint.env));
    expect(run.code).toBe(0);
    expect(sb.stats().requests).toBeGreaterThanOrEqual(1);
    expect(Object.keys(sb.stats().byRegion)).toEqual(["eu-west-1"]);
  });
});
