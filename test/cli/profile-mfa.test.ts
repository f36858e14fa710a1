// `--profile P` where P's own role needs MFA (role_arn + source_profile + mfa_serial): the SDK
// asked for a code the CLI never gave ("no MFA code callback was provided"), so the usual MFA
// set-up of an organisation could not run at all. The code now comes from SESSIONFLEET_MFA_CODE
// or the terminal (interop's terminal-mfa.test.ts types it into a real pty), as `--mfa-serial`'s
// does; without either, one configuration paragraph says how to give it (exit 2).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrganization, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

const mfaRole = demoOrganization().roles!.find((r) => r.mfaSerial !== undefined)!;
let sb: Sandbox;
let dir: string;
beforeAll(async () => {
  sb = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-cli-profile-mfa-"));
  writeFileSync(join(dir, "config"), [
    "[profile base]", `aws_access_key_id = ${sb.credentials.accessKeyId}`, `aws_secret_access_key = ${sb.credentials.secretAccessKey}`,
    "[profile breakglass]", `role_arn = arn:aws:iam::${mfaRole.accountId}:role/${mfaRole.roleName}`, "source_profile = base", `mfa_serial = ${mfaRole.mfaSerial}`, "region = us-east-1",
    "",
  ].join("\n"));
});
afterAll(async () => {
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});
// AWS_ENDPOINT_URL reaches the SDK's own STS client, which assumes the profile's role.
const env = (extra: Record<string, string> = {}) => cleanEnv({ AWS_CONFIG_FILE: join(dir, "config"), AWS_ENDPOINT_URL: sb.endpoint, ...extra });

describe("a --profile whose role needs MFA", () => {
  it("SESSIONFLEET_MFA_CODE gives the code: whoami answers as the profile's role", async () => {
    const run = await runCli(["whoami", "--profile", "breakglass", "--format", "json"], env({ SESSIONFLEET_MFA_CODE: mfaRole.mfaCode! }));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const out = JSON.parse(run.stdout) as { targets: Array<{ ok: boolean; arn?: string }> };
    expect(out.targets.map((t) => t.ok)).toEqual([true]);
    expect(out.targets[0]!.arn).toMatch(new RegExp(`^arn:aws:sts::${mfaRole.accountId}:assumed-role/${mfaRole.roleName}/`));
  });

  it("no code and no terminal: one configuration paragraph saying how to give it, exit 2, nothing on stdout", async () => {
    const run = await runCli(["whoami", "--profile", "breakglass"], env());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toContain(`the profile's role needs a code of MFA device ${mfaRole.mfaSerial} (its mfa_serial): set SESSIONFLEET_MFA_CODE, or run on a terminal to be asked`);
  });

  it("a wrong code is the role's refusal (AccessDenied), not a success", async () => {
    const run = await runCli(["whoami", "--profile", "breakglass", "--format", "json"], env({ SESSIONFLEET_MFA_CODE: "000000" }));
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/AccessDenied|not authorized/);
  });

  it("a second run within the role's lifetime needs no code: the profile's role credentials come from the file cache, as the AWS CLI's ~/.aws/cli/cache", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "sessionfleet-profile-mfa-cache-"));
    try {
      const assumed = () => sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0;
      const before = assumed();
      const first = await runCli(["whoami", "--profile", "breakglass", "--format", "json"], env({ SESSIONFLEET_MFA_CODE: mfaRole.mfaCode!, SESSIONFLEET_CACHE_DIR: cacheDir }));
      expect(first.code).toBe(0);
      const second = await runCli(["whoami", "--profile", "breakglass", "--format", "json"], env({ SESSIONFLEET_CACHE_DIR: cacheDir }));
      expect([second.code, second.stderr]).toEqual([0, ""]);
      const arn = (run: { stdout: string }) => (JSON.parse(run.stdout) as { targets: Array<{ arn?: string }> }).targets[0]!.arn;
      expect(arn(second)).toBe(arn(first));
      expect(assumed() - before).toBe(1);
      // --no-cache: the role is assumed again, so a code is needed again.
      const uncached = await runCli(["whoami", "--profile", "breakglass", "--no-cache"], env({ SESSIONFLEET_CACHE_DIR: cacheDir }));
      expect(uncached.code).toBe(2);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("the cached role is not served to the same profile name with other source keys (another secret): it asks again", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "sessionfleet-profile-mfa-cache-"));
    const otherConfig = join(dir, "config-other-secret");
    writeFileSync(otherConfig, [
      "[profile base]", `aws_access_key_id = ${sb.credentials.accessKeyId}`, "aws_secret_access_key = not-the-same-secret-FAKE",
      "[profile breakglass]", `role_arn = arn:aws:iam::${mfaRole.accountId}:role/${mfaRole.roleName}`, "source_profile = base", `mfa_serial = ${mfaRole.mfaSerial}`, "region = us-east-1",
      "",
    ].join("\n"));
    try {
      const first = await runCli(["whoami", "--profile", "breakglass"], env({ SESSIONFLEET_MFA_CODE: mfaRole.mfaCode!, SESSIONFLEET_CACHE_DIR: cacheDir }));
      expect(first.code).toBe(0);
      const other = await runCli(["whoami", "--profile", "breakglass"], env({ AWS_CONFIG_FILE: otherConfig, SESSIONFLEET_CACHE_DIR: cacheDir }));
      expect(other.code).toBe(2);
      expect(other.stderr).toContain("needs a code of MFA device");
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
