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
writeFileSync(CONFIG, "[profile ops]\nregion = us-east-1\n");

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
