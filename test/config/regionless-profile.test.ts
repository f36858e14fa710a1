// Issue 20 B4: a profile without `region` plus explicit regions. The run's first listed region is
// where STS (AssumeRole) and discovery go; `--regions enabled` or `all` with no region anywhere
// stops with exit 2 before any request, and the advice names only what works.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CredentialSession, fanOut } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { profileFiles, sandboxKeys, type ProfileFiles } from "./profile-files.js";

let sb: Sandbox;
let files: ProfileFiles;
beforeAll(async () => {
  sb = await startSandbox({ faults: null });
  files = profileFiles(`[profile p]\nendpoint_url = ${sb.endpoint}\n`, sandboxKeys("p"));
});
afterAll(async () => {
  files.restore();
  await sb.close();
});
beforeEach(() => sb.resetStats());

const ROLE = "OrganizationAccountAccessRole";
const rows = (stdout: string) => (JSON.parse(stdout) as { targets: Array<{ region: string; ok: boolean; arn?: string }> }).targets.map((t) => [t.region, t.ok, t.arn]);

describe("a region-less profile with explicit --regions (issue 20 B4)", () => {
  it("whoami --regions us-east-1,eu-west-1: AssumeRole goes to the first listed region, both targets answer", async () => {
    const run = await runCli(["whoami", "--profile", "p", "--accounts", "200000000001", "--role", ROLE, "--regions", "eu-west-1,us-east-1", "--format", "json"], cleanEnv(files.env));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const arn = expect.stringMatching(new RegExp(`^arn:aws:sts::200000000001:assumed-role/${ROLE}/`)) as unknown;
    expect(rows(run.stdout)).toEqual([["eu-west-1", true, arn], ["us-east-1", true, arn]]);
    expect(sb.stats().assumeRole.total).toBe(1);
    expect(sb.stats().byAction["sts:AssumeRole"]).toBe(1);
    // AssumeRole was signed for eu-west-1 (the first listed); each target's call for its own region.
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2, "us-east-1": 1 });
  });

  it("--regions enabled with no region anywhere: exit 2 before any request; the advice offers only what works", async () => {
    for (const regions of ["enabled", "all"]) {
      const run = await runCli(["whoami", "--profile", "p", "--accounts", "200000000001", "--role", ROLE, "--regions", regions], cleanEnv(files.env));
      expect(run.code, regions).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toBe("sessionfleet: no region to run in.");
      expect(run.stderr).toContain("Fix: give --region R or list the regions (--regions R,R: STS and discovery use the first), set AWS_REGION, or add \"region = R\" to the profile; or try it out with --sandbox.");
      expect(run.stderr).not.toMatch(/enabled\|all|--regions R,R\|/);
    }
    expect(sb.stats().requests).toBe(0);
  });

  it("library: fanOut with explicit regions over a region-less session assumes the role in the first one", async () => {
    const session = new CredentialSession({ ...sb.credentials, clientConfig: { endpoint: sb.endpoint } });
    try {
      const report = await fanOut({ session, accounts: ["200000000002"], roles: [ROLE], regions: ["us-west-2", "eu-west-1"] }, async ({ session: target, region }) => `${(await target.identity()).accountId} ${region}`);
      expect(report.results.map((t) => (t.ok ? t.value : t.error.code))).toEqual(["200000000002 us-west-2", "200000000002 eu-west-1"]);
      expect(sb.stats().assumeRole.total).toBe(1);
    } finally {
      await session.close();
    }
  });
});
