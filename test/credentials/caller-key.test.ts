// The caller part of a store key for profiles and the default chain (issue 21.3): a digest of
// what the base credentials are, found without loading a role profile (no STS call, no MFA code).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultChainCaller, keysCaller, profileCaller } from "../../src/credentials/caller-key.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
/** New files (new paths: the SDK caches files by path) and an env pointing at them. */
function files(config: string, credentials = ""): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-caller-key-"));
  dirs.push(dir);
  writeFileSync(join(dir, "config"), config);
  writeFileSync(join(dir, "credentials"), credentials);
  return { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"), HOME: dir };
}
const noLoad = async () => {
  throw new Error("loaded: this would have called STS or asked for an MFA code");
};
const KEYS = "aws_access_key_id = AKIAFAKECALLERKEY0001\naws_secret_access_key = FAKEcallerSECRET1\n";
const OTHER = "aws_access_key_id = AKIAFAKECALLERKEY0001\naws_secret_access_key = FAKEcallerSECRET2\n";

describe("profileCaller / defaultChainCaller", () => {
  it("static keys: the digest of the keys, not the profile's name or path", async () => {
    const a = await profileCaller("ops", files("", `[ops]\n${KEYS}`), noLoad);
    expect(a).toBe(keysCaller({ accessKeyId: "AKIAFAKECALLERKEY0001", secretAccessKey: "FAKEcallerSECRET1" }));
    expect(await profileCaller("ops", files("", `[ops]\n${OTHER}`), noLoad)).not.toBe(a);
    expect(a).not.toContain("FAKEcallerSECRET1");
  });

  it("a role profile: its role and its source's keys, without loading it; an MFA role too", async () => {
    const config = (extra = "") => `[profile admin]\nrole_arn = arn:aws:iam::200000000001:role/Admin\nsource_profile = base\nmfa_serial = arn:aws:iam::100000000001:mfa/me\n${extra}`;
    const a = await profileCaller("admin", files(config(), `[base]\n${KEYS}`), noLoad);
    expect(a).toMatch(/^profile-role:[0-9a-f]{64}$/);
    expect(await profileCaller("admin", files(config(), `[base]\n${OTHER}`), noLoad)).not.toBe(a);
    expect(await profileCaller("admin", files(config("external_id = x\n"), `[base]\n${KEYS}`), noLoad)).not.toBe(a);
    expect(await profileCaller("admin", files(config().replace("Admin", "Other"), `[base]\n${KEYS}`), noLoad)).not.toBe(a);
  });

  it("SSO: the start URL, account, role and the login's cached token (another login, another caller)", async () => {
    const env = files("[profile sso]\nsso_session = corp\nsso_account_id = 200000000001\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.example/start\nsso_region = us-east-1\n");
    const { createHash } = await import("node:crypto");
    const { mkdirSync } = await import("node:fs");
    const cache = join(env.HOME!, ".aws", "sso", "cache");
    mkdirSync(cache, { recursive: true });
    const tokenFile = join(cache, `${createHash("sha1").update("corp").digest("hex")}.json`);
    const login = (token: string) => writeFileSync(tokenFile, JSON.stringify({ accessToken: token, expiresAt: "2099-01-01T00:00:00Z" }));
    const saved = process.env.HOME;
    process.env.HOME = env.HOME; // the SDK finds ~/.aws/sso/cache through os.homedir()
    try {
      login("FAKEssoTOKENone");
      const a = await profileCaller("sso", env, noLoad);
      login("FAKEssoTOKENtwo");
      const b = await profileCaller("sso", env, noLoad);
      expect(a).toMatch(/^sso:[0-9a-f]{64}$/);
      expect(b).not.toBe(a);
    } finally {
      process.env.HOME = saved;
    }
  });

  it("the default chain: env keys, else AWS_PROFILE or [default], else a web identity token file, else what loads", async () => {
    const env = { AWS_ACCESS_KEY_ID: "AKIAFAKECALLERKEY0002", AWS_SECRET_ACCESS_KEY: "FAKEcallerSECRET3" };
    expect(await defaultChainCaller({ ...files(""), ...env }, noLoad)).toBe(keysCaller({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }));
    const withDefault = files("", `[default]\n${KEYS}`);
    expect(await defaultChainCaller(withDefault, noLoad)).toBe(await profileCaller("default", withDefault, noLoad));
    // AWS_PROFILE set: the SDK skips the environment's keys, and so does the key.
    const named = files("", `[dev]\n${OTHER}`);
    expect(await defaultChainCaller({ ...named, ...env, AWS_PROFILE: "dev" }, noLoad)).toBe(await profileCaller("dev", named, noLoad));
    const empty = files("");
    const token = join(dirs[dirs.length - 1]!, "token");
    writeFileSync(token, "FAKEwebIDENTITYtoken1");
    const web = await defaultChainCaller({ ...empty, AWS_WEB_IDENTITY_TOKEN_FILE: token, AWS_ROLE_ARN: "arn:aws:iam::200000000001:role/Ci" }, noLoad);
    expect(web).toMatch(/^web-identity:/);
    const loaded = await defaultChainCaller(empty, async () => ({ accessKeyId: "ASIAFAKECONTAINER001", secretAccessKey: "FAKEcontainerSECRET" }));
    expect(loaded).toBe(keysCaller({ accessKeyId: "ASIAFAKECONTAINER001", secretAccessKey: "FAKEcontainerSECRET" }));
  });
});
