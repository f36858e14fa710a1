// Configuration errors (no credentials, an unknown profile, an expired SSO login, no region):
// one short paragraph on stderr naming what was looked at and the fixes, exit 2, no table, and
// the cause once (accounts and regions used to print it twice).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { FleetError } from "../../src/errors.js";
import { renderConfigError } from "../../src/cli/output/config-error.js";

const dir = mkdtempSync(join(tmpdir(), "sessionfleet-config-errors-"));
const CONFIG = join(dir, "config");
const CREDENTIALS = join(dir, "credentials");
writeFileSync(CONFIG, [
  "[profile ops]", "region = us-east-1",
  // credential_process helpers that run but give nothing usable: the profile is there, so "no
  // credentials found, give --profile" would send the user to the wrong place.
  "[profile badjson]", "region = us-east-1", `credential_process = ${process.execPath} -e "console.log('not-json')"`,
  "[profile endless]", "region = us-east-1", 'credential_process = /bin/sh -c "while true; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done"',
  "",
].join("\n"));

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_CONFIG_FILE: CONFIG, AWS_SHARED_CREDENTIALS_FILE: CREDENTIALS }, env);
  try {
    const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, env: { ...process.env } };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe("configuration errors in the CLI", () => {
  it("no credentials: one paragraph, exit 2, no table", async () => {
    const run = await cli(["option-groups", "--region", "us-east-1", "--regions", "us-east-1,eu-west-1"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toEqual([
      "sessionfleet: no AWS credentials found.",
      `Looked at: AWS_ACCESS_KEY_ID (unset), AWS_PROFILE (unset), profile "default" in ${CONFIG} and ${CREDENTIALS}, then SSO, process, container and instance credentials.`,
      `Fix: give --profile NAME or set AWS_PROFILE to a profile of ${CONFIG}; for an SSO profile run aws sso login --profile NAME first; or try it out with --sandbox.`,
      "",
    ]);
  });

  it("an unknown --profile: names the profile and the files, exit 2", async () => {
    const run = await cli(["whoami", "--profile", "nope", "--region", "us-east-1"]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(`sessionfleet: profile "nope" (from --profile) gives no credentials: it is not in ${CONFIG} or ${CREDENTIALS}, or has no credentials there.`);
    expect(run.stderr.split("\n")).toHaveLength(4);
  });

  it("a mistyped AWS_PROFILE (or --profile) without --region: says the profile is not there, not 'no region'", async () => {
    // The region is looked up first, in the profile that does not exist; "no region to run in"
    // sent a user with a typo in AWS_PROFILE to add a region.
    const fromEnv = await cli(["whoami"], { AWS_PROFILE: "nope" });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stdout).toBe("");
    expect(fromEnv.stderr.split("\n")[0]).toBe(`sessionfleet: profile "nope" (from AWS_PROFILE) gives no credentials: it is not in ${CONFIG} or ${CREDENTIALS}, or has no credentials there.`);
    const fromFlag = await cli(["whoami", "--profile", "nope"]);
    expect(fromFlag.stderr.split("\n")[0]).toBe(`sessionfleet: profile "nope" (from --profile) gives no credentials: it is not in ${CONFIG} or ${CREDENTIALS}, or has no credentials there.`);
    // A profile that is there but has no region is still "no region".
    const noRegion = await cli(["whoami", "--profile", "badjson"], { AWS_CONFIG_FILE: CONFIG });
    expect(noRegion.stderr.split("\n")[0]).not.toContain("gives no credentials");
  });

  it("a bad value from the environment or a config file names where it came from, without sending the user to --help", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "sessionfleet-config-errors-region-"));
    writeFileSync(join(dir2, "config"), "[default]\nregion = europe\n");
    const region = await cli(["whoami"], { AWS_CONFIG_FILE: join(dir2, "config") });
    expect(region.code).toBe(2);
    expect(region.stderr.split("\n")[0]).toMatch(/^sessionfleet: ERR_INVALID_INPUT: Invalid region \(of profile "default" in the shared config file\): "europe"; expected an AWS region name/);
    expect(region.stderr).not.toContain("--help");
    const bundle = await cli(["whoami", "--region", "us-east-1"], { AWS_CA_BUNDLE: "/nonexistent/corporate-ca.pem" });
    expect(bundle.code).toBe(2);
    expect(bundle.stderr.split("\n")[0]).toMatch(/^sessionfleet: ERR_INVALID_INPUT: Invalid AWS_CA_BUNDLE: "\/nonexistent\/corporate-ca.pem"; expected a readable PEM file/);
    expect(bundle.stderr).not.toContain("--help");
    // A flag's own mistake still points at --help.
    const flag = await cli(["whoami", "--region", "europe"]);
    expect(flag.stderr).toContain("Run sessionfleet --help for usage.");
  });

  it("a profile whose credential_process runs but gives nothing usable: names the profile and what its process did", async () => {
    const bad = await cli(["whoami", "--profile", "badjson", "--region", "us-east-1"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    const lines = bad.stderr.split("\n");
    expect(lines[0]).toBe('sessionfleet: the credentials of profile "badjson" (from --profile) could not be loaded: Profile badjson credential_process returned invalid JSON.');
    expect(lines[2]).toBe(`Fix: see what the profile's credential source says (run its credential_process by hand, or aws sso login --profile badjson for SSO), or use another profile; or try it out with --sandbox.`);
    expect(bad.stderr).not.toMatch(/no AWS credentials found/);
    const endless = await cli(["whoami", "--profile", "endless", "--region", "us-east-1"]);
    expect(endless.code).toBe(2);
    expect(endless.stderr.split("\n")[0]).toBe('sessionfleet: the credentials of profile "endless" (from --profile) could not be loaded: stdout maxBuffer length exceeded.');
  }, 20_000);

  it("accounts and regions print the cause once, not twice", async () => {
    for (const command of ["accounts", "regions"]) {
      const run = await cli([command, "--region", "us-east-1"]);
      expect(run.code, command).toBe(2);
      expect(run.stderr.match(/no AWS credentials found/g), command).toHaveLength(1);
      expect(run.stderr, command).not.toMatch(/ListRegions said|DescribeRegions said|ERR_DISCOVERY/);
    }
  });

  it("an expired SSO login: aws sso login --profile NAME", () => {
    const expired = new FleetError("ERR_NO_CREDENTIALS", "No credentials from profile \"dev\": x", {
      cause: Object.assign(new Error("The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile."), { name: "CredentialsProviderError" }),
    });
    expect(expired.kind).toBe("expired-credentials");
    const text = renderConfigError(expired, "dev", {});
    expect(text.split("\n")).toEqual([
      "sessionfleet: the credentials of profile \"dev\" have expired (The SSO session associated with this profile has expired or is otherwise invalid).",
      "Fix: run aws sso login --profile dev (or refresh the profile's credentials), then run again; or try it out with --sandbox.",
      "",
    ]);
  });
});
