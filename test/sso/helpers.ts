// What `aws sso login` leaves behind, pointed at a sandbox: a config with [sso-session sessionfleet-sandbox]
// and an SSO profile, and the token cache file ~/.aws/sso/cache/<sha1("sessionfleet-sandbox")>.json, in a
// temp HOME. The profile also names an account and role of its own (as `aws configure sso`
// writes), so a test can tell whether the profile's own credentials were ever fetched.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/index.js";

export interface SsoHome {
  home: string;
  config: string;
  cacheFile: string;
  env: Record<string, string>;
  /** The token cache as it is now. */
  cached(): { accessToken: string; expiresAt: string; refreshToken?: string };
  use(): void;
  restore(): void;
}

export interface LoginOptions {
  /** When the cached token expires, from now; default one hour. */
  expiresInMs?: number;
  /** Cache the refresh token, client id and secret (an `sso-session` login does). Default true. */
  refresh?: boolean;
  /** The access token cached; default the sandbox's. */
  accessToken?: string;
  /** Legacy profile: sso_start_url in the profile, cache named by the start URL. */
  legacy?: boolean;
  /** The refresh token cached; default the sandbox's. */
  refreshToken?: string;
}

export function ssoHome(sb: Sandbox, options: LoginOptions = {}): SsoHome {
  const home = mkdtempSync(join(tmpdir(), "sessionfleet-sso-"));
  const { sso } = sb;
  const config = join(home, ".aws", "config");
  mkdirSync(join(home, ".aws", "sso", "cache"), { recursive: true });
  writeFileSync(config, options.legacy
    ? `[profile sso-dev]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_account_id = ${sb.managementAccountId}\nsso_role_name = AdministratorAccess\nregion = us-east-1\n`
    : `[profile sso-dev]\nsso_session = ${sso.sessionName}\nsso_account_id = ${sb.managementAccountId}\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\n`
      + `[sso-session ${sso.sessionName}]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_registration_scopes = sso:account:access\n`);
  const id = options.legacy ? sso.startUrl : sso.sessionName;
  const cacheFile = join(home, ".aws", "sso", "cache", `${createHash("sha1").update(id).digest("hex")}.json`);
  const expiresAt = new Date(Date.now() + (options.expiresInMs ?? 3_600_000)).toISOString().replace(/\.\d{3}Z$/, "Z");
  writeFileSync(cacheFile, JSON.stringify({
    startUrl: sso.startUrl, region: sso.region, accessToken: options.accessToken ?? sso.accessToken, expiresAt,
    ...(options.refresh !== false && !options.legacy && {
      clientId: sso.clientId, clientSecret: sso.clientSecret, refreshToken: options.refreshToken ?? sso.refreshToken,
      registrationExpiresAt: new Date(Date.now() + 86_400_000 * 90).toISOString(),
    }),
  }));
  const env = { HOME: home, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials") };
  const saved: Record<string, string | undefined> = {};
  return {
    home, config, cacheFile, env,
    cached: () => JSON.parse(readFileSync(cacheFile, "utf8")) as { accessToken: string; expiresAt: string; refreshToken?: string },
    use() {
      for (const [k, v] of Object.entries(env)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    },
    restore() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
