// A profile's credential_process that never exits held every run for ever: the SDK's fromProcess runs it with no time limit (@aws-sdk/credential-provider-process:
// exec without a timeout). A session's profile or default-chain credentials now fail after
// `credentialTimeoutMs` (default 2 minutes) with ERR_NO_CREDENTIALS, kind config, naming the
// profile and the limit; the CLI says so in its configuration paragraph.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";
import { renderConfigError } from "../../src/cli/output/config-error.js";

const dir = mkdtempSync(join(tmpdir(), "sessionfleet-hung-source-"));
const CONFIG = join(dir, "config");
writeFileSync(CONFIG, [
  // Hung as far as a 300 ms limit can tell; it ends by itself so no test leaves a process behind.
  "[profile hung]", "region = us-east-1", `credential_process = ${process.execPath} -e "setTimeout(() => {}, 20000)"`,
  "[profile quick]", "region = us-east-1", `credential_process = ${process.execPath} -e "console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAFAKEFAKEFAKE0001', SecretAccessKey: 'fake-secret-FAKE' }))"`,
  "",
].join("\n"));
// After test/setup/isolate-env.ts has pointed them at nothing (it restores them after the file).
beforeAll(() => {
  process.env.AWS_CONFIG_FILE = CONFIG;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "none");
});

const sessions: CredentialSession[] = [];
function session(options: ConstructorParameters<typeof CredentialSession>[0]): CredentialSession {
  const s = new CredentialSession(options);
  sessions.push(s);
  return s;
}

describe("credentials that never come", () => {
  it("a credential_process that never exits: ERR_NO_CREDENTIALS, kind config, after credentialTimeoutMs", async () => {
    const started = performance.now();
    const error = await session({ profile: "hung", credentialTimeoutMs: 300 }).getCredentials().then(() => undefined, (e: unknown) => e);
    const ms = performance.now() - started;
    expect(error).toBeInstanceOf(FleetError);
    const fleet = error as FleetError;
    expect([fleet.code, fleet.kind, fleet.retryable]).toEqual(["ERR_NO_CREDENTIALS", "config", false]);
    expect(fleet.message).toBe('No credentials from profile "hung": they did not load within 300 ms (a credential_process or SSO login that hangs or waits for input).');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(4_000);
    expect(renderConfigError(fleet, "hung", { AWS_CONFIG_FILE: CONFIG }).split("\n")[0]).toBe('sessionfleet: the credentials of profile "hung" (from --profile) could not be loaded: they did not load within 300 ms (a credential_process or SSO login that hangs or waits for input).');
  }, 10_000);

  it("a source that answers inside the limit is not touched", async () => {
    const credentials = await session({ profile: "quick", credentialTimeoutMs: 5_000 }).getCredentials();
    expect(credentials.accessKeyId).toBe("AKIAFAKEFAKEFAKE0001");
  }, 10_000);

  it("credentialTimeoutMs is checked before anything runs", () => {
    for (const bad of [-1, 1.5, "10", Number.NaN]) {
      expect(() => new CredentialSession({ profile: "quick", credentialTimeoutMs: bad as number })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "credentialTimeoutMs" }));
    }
  });
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});
