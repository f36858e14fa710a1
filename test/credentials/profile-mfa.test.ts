// A profile whose role needs MFA (role_arn + source_profile + mfa_serial), the usual set-up of an
// organisation that guards its roles with MFA. The SDK's fromIni asks its `mfaCodeProvider` for the
// code (with the device's ARN) and sends SerialNumber and TokenCode with the AssumeRole
// (@aws-sdk/credential-provider-ini resolveAssumeRoleCredentials: "Profile … requires
// multi-factor authentication, but no MFA code callback was provided" without one); a session
// passes its `mfaCodeProvider` option on. The sandbox's BreakGlassRole refuses an AssumeRole
// without the device's serial and code, as a trust policy with aws:MultiFactorAuthPresent does.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CredentialStore, FleetError } from "../../src/index.js";
import { ConnectionPool, CredentialSession, MemoryCredentialStore } from "../../src/index.js";
import { demoOrganization, startSandbox, type Sandbox } from "../../src/sandbox/index.js";

let sb: Sandbox;
let pool: ConnectionPool;
let dir: string;
const mfaRole = demoOrganization().roles!.find((r) => r.mfaSerial !== undefined)!;

beforeAll(async () => {
  sb = await startSandbox();
  pool = new ConnectionPool();
  dir = mkdtempSync(join(tmpdir(), "sf-profile-mfa-"));
  writeFileSync(join(dir, "config"), [
    "[profile base]",
    `aws_access_key_id = ${sb.credentials.accessKeyId}`,
    `aws_secret_access_key = ${sb.credentials.secretAccessKey}`,
    "[profile breakglass]",
    `role_arn = arn:aws:iam::${mfaRole.accountId}:role/${mfaRole.roleName}`,
    "source_profile = base",
    `mfa_serial = ${mfaRole.mfaSerial}`,
    "region = us-east-1",
    "",
  ].join("\n"));
  // After test/setup/isolate-env.ts has pointed them at nothing (it restores them after the file).
  process.env.AWS_CONFIG_FILE = join(dir, "config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "none");
  // The SDK's role assumer (a nested STS client) reaches the sandbox through the env endpoint.
  process.env.AWS_ENDPOINT_URL_STS = sb.endpoint;
});

const sessions: CredentialSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_STS;
  pool.destroy();
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

function session(options: ConstructorParameters<typeof CredentialSession>[0]): CredentialSession {
  const s = new CredentialSession({ ...options, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool });
  sessions.push(s);
  return s;
}

describe("a profile whose role needs MFA", () => {
  it("mfaCodeProvider is asked once, with the profile's mfa_serial; the session is the role", async () => {
    const mfaCodeProvider = vi.fn(async () => mfaRole.mfaCode!);
    const s = session({ profile: "breakglass", mfaCodeProvider });
    const before = sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0;
    expect((await s.identity()).arn).toMatch(new RegExp(`^arn:aws:sts::${mfaRole.accountId}:assumed-role/${mfaRole.roleName}/`));
    await s.getCredentials();
    expect(mfaCodeProvider.mock.calls).toEqual([[mfaRole.mfaSerial]]);
    expect((sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0) - before).toBe(1);
  });

  it("without mfaCodeProvider: ERR_NO_CREDENTIALS in the SDK's words, before any AssumeRole", async () => {
    const before = sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0;
    const error = await session({ profile: "breakglass" }).getCredentials().then(() => undefined, (e: unknown) => e as FleetError);
    expect(error?.code).toBe("ERR_NO_CREDENTIALS");
    expect(error?.message).toContain("requires multi-factor authentication, but no MFA code callback was provided");
    expect(sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0).toBe(before);
  });

  it("a wrong code is STS's refusal, not a success", async () => {
    const error = await session({ profile: "breakglass", mfaCodeProvider: async () => "000000" }).getCredentials().then(() => undefined, (e: unknown) => e as FleetError);
    expect(error?.code).toBe("ERR_NO_CREDENTIALS");
    expect(error?.message).toMatch(/AccessDenied|not authorized/);
  });

  it("mfaCodeProvider is checked before anything runs: a function, and only where a profile or the default chain is read", () => {
    expect(() => new CredentialSession({ profile: "breakglass", mfaCodeProvider: "123456" as never })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "mfaCodeProvider" }));
    expect(() => new CredentialSession({ accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake", mfaCodeProvider: async () => "123456" })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "mfaCodeProvider" }));
  });

  it("with a local store, the profile's role credentials are kept: a second session asks neither the device nor STS", async () => {
    const store = new MemoryCredentialStore();
    const codes = vi.fn(async () => mfaRole.mfaCode!);
    const before = sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0;
    const first = await session({ profile: "breakglass", mfaCodeProvider: codes, cache: store }).getCredentials();
    const second = await session({ profile: "breakglass", mfaCodeProvider: codes, cache: store }).getCredentials();
    expect(second.accessKeyId).toBe(first.accessKeyId);
    expect(codes).toHaveBeenCalledTimes(1);
    expect((sb.stats().assumeRole.byAccount[mfaRole.accountId] ?? 0) - before).toBe(1);
    expect(store.size).toBe(1);
  });

  it("a store of another kind is not asked for the profile's own role (one signing with this session's credentials would wait on itself)", async () => {
    const keys: string[] = [];
    const selfSigning: CredentialStore = {
      // As a DynamoDB store of the CLI's --shared-cache does: it needs the session's own credentials.
      get: async (key) => (keys.push(key), await s.getCredentials(), undefined),
      set: async () => undefined,
      delete: async () => undefined,
    };
    const s = session({ profile: "breakglass", mfaCodeProvider: async () => mfaRole.mfaCode!, cache: selfSigning });
    expect((await s.identity()).arn).toContain(`:assumed-role/${mfaRole.roleName}/`);
    expect(keys).toEqual([]);
  }, 10_000);
});
