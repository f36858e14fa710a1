// The IAM Identity Center token a profile signed in with (`aws sso login`), read the way the
// SDK reads it: `sso_session` profiles through @aws-sdk/token-providers `fromSso` (the cache file
// ~/.aws/sso/cache/<sha1 of the session name>.json, refreshed through SSO OIDC CreateToken when it
// holds a refresh token, and written back as the CLI does); legacy `sso_start_url` profiles from
// the cache file named by the start URL, which has no refresh token (as
// @aws-sdk/credential-provider-sso's resolveSSOCredentials reads it). Only the token is used: the
// profile's own role credentials are never fetched for this.
import { FleetError, messageOf } from "../errors.js";
import type { CredentialSession } from "../session.js";
import { sessionSettings } from "../session-internals.js";
import { nodeCrypto } from "../node-builtins.js";

/** Where a token comes from, and what a person runs to get a new one. */
export interface SsoLogin {
  /** `sso-session corp` or `profile dev` (legacy), for messages. */
  label: string;
  /** `aws sso login --sso-session corp` (or `--profile dev`). */
  loginCommand: string;
  startUrl: string;
  /** `sso_region`: where the portal is. */
  region: string;
}

/** A portal token and its login. */
export interface SsoToken {
  token: string;
  expiration?: Date;
}

/** One session's sign-in: its login (from the config files) and its current token. */
export interface SsoTokenSource {
  login(): Promise<SsoLogin>;
  /** The token; a configuration FleetError when it is missing or expired without a refresh. */
  token(): Promise<SsoToken>;
  /** A digest of the token (never the token): who the credentials got with it belong to. */
  identity(): Promise<string>;
}

// Asked again this long before expiry, as the SDK's token memoize does (EXPIRE_WINDOW_MS).
const REFRESH_BEFORE_MS = 5 * 60 * 1000;
// Keyed by the session's clientConfig (one object per session, shared by its region views and
// children) and then by profile: two sessions given the same clientConfig object keep apart.
const sources = new WeakMap<object, Map<string | undefined, SsoTokenSource>>();

// Sign-ins given in code rather than read from the config files (an embedded sandbox's demo
// user), by the session's clientConfig like `sources`.
const given = new WeakMap<object, SsoTokenSource>();

/**
 * @internal Makes `session` (its region views and children) use `login` and `token` for
 * `accounts: "sso"` instead of a profile's sign-in: the CLI's `--sandbox` signs its demo user in.
 */
export function useSsoLogin(session: CredentialSession, login: SsoLogin, token: () => Promise<SsoToken>): void {
  given.set(sessionSettings(session).clientConfig, {
    login: async () => login,
    token,
    identity: async () => `sso:${nodeCrypto().createHash("sha256").update((await token()).token).digest("hex")}`,
  });
}

/** The token source of `session`'s profile, one per session (and its region views). */
export function ssoTokenOf(session: CredentialSession): SsoTokenSource {
  const { clientConfig, profile } = sessionSettings(session);
  const signedIn = given.get(clientConfig);
  if (signedIn) return signedIn;
  let byProfile = sources.get(clientConfig);
  if (!byProfile) sources.set(clientConfig, (byProfile = new Map()));
  let source = byProfile.get(profile);
  if (!source) byProfile.set(profile, (source = makeSource(session)));
  return source;
}

function makeSource(session: CredentialSession): SsoTokenSource {
  const { profile, clientConfig } = sessionSettings(session);
  let login: Promise<LoadedLogin> | undefined;
  let current: Promise<SsoToken> | undefined;
  const loadLogin = (): Promise<LoadedLogin> => {
    login ??= readLogin(profile);
    login.catch(() => (login = undefined));
    return login;
  };
  const token = async (): Promise<SsoToken> => {
    const held = current && (await current.catch(() => undefined));
    if (held && (held.expiration === undefined || held.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return held;
    current = (async () => {
      const loaded = await loadLogin();
      // The refresh goes through the session's pool and endpoint (a sandbox, a VPC endpoint).
      const oidcConfig = { requestHandler: session.pool.requestHandler, ...(typeof clientConfig.endpoint === "string" && { endpoint: clientConfig.endpoint }) };
      return loaded.read(oidcConfig);
    })();
    current.catch(() => (current = undefined));
    return current;
  };
  return {
    login: async () => (await loadLogin()).login,
    token,
    identity: async () => `sso:${nodeCrypto().createHash("sha256").update((await token()).token).digest("hex")}`,
  };
}

interface LoadedLogin {
  login: SsoLogin;
  read(oidcConfig: Record<string, unknown>): Promise<SsoToken>;
}

async function readLogin(profileOption: string | undefined): Promise<LoadedLogin> {
  const { getProfileName, parseKnownFiles, loadSsoSessionData, getSSOTokenFromFile } = await import("@smithy/core/config");
  const profileName = getProfileName({ ...(profileOption !== undefined && { profile: profileOption }) });
  const profiles = await parseKnownFiles({ profile: profileName });
  const profile = profiles[profileName];
  const notSso = (why: string): FleetError => new FleetError("ERR_NO_CREDENTIALS",
    `accounts "sso" needs an IAM Identity Center profile: profile "${profileName}" ${why}. Set one up with \`aws configure sso\` and sign in with \`aws sso login\`.`,
    { facts: { kind: "config", retryable: false } });
  if (!profile) throw notSso("is not in the config files");
  const sessionName = profile.sso_session;
  if (sessionName !== undefined) {
    const ssoSession = (await loadSsoSessionData({}))[sessionName];
    if (!ssoSession?.sso_start_url || !ssoSession.sso_region) throw notSso(`names sso_session "${sessionName}", which has no [sso-session ${sessionName}] section with sso_start_url and sso_region`);
    const login = { label: `sso-session ${sessionName}`, loginCommand: `aws sso login --sso-session ${sessionName}`, startUrl: ssoSession.sso_start_url, region: ssoSession.sso_region };
    return {
      login,
      async read(oidcConfig) {
        const { fromSso } = await import("@aws-sdk/token-providers");
        try {
          const got = await fromSso({ profile: profileName, clientConfig: { ...oidcConfig, region: login.region } })();
          return { token: got.token, ...(got.expiration && { expiration: got.expiration }) };
        } catch (error) {
          throw loginNeeded(login, error);
        }
      },
    };
  }
  if (profile.sso_start_url === undefined || profile.sso_region === undefined) throw notSso("has neither sso_session nor sso_start_url and sso_region");
  const login = { label: `profile ${profileName}`, loginCommand: `aws sso login --profile ${profileName}`, startUrl: profile.sso_start_url, region: profile.sso_region };
  return {
    login,
    async read() {
      let cached: { accessToken?: string; expiresAt?: string };
      try {
        cached = await getSSOTokenFromFile(login.startUrl);
      } catch (error) {
        throw loginNeeded(login, error, "no");
      }
      const expiration = cached.expiresAt === undefined ? undefined : new Date(cached.expiresAt);
      if (!cached.accessToken || expiration === undefined || Number.isNaN(expiration.getTime())) throw loginNeeded(login, undefined, "no");
      if (expiration.getTime() <= Date.now()) throw loginNeeded(login, undefined);
      return { token: cached.accessToken, expiration };
    },
  };
}

// fromSso's words (@aws-sdk/token-providers): "Token is expired", "... Cannot refresh" (an expiring
// token without a refresh token) mean expired; "was not found or is invalid" means never signed in.
function stateOf(cause: unknown): "expired" | "no" {
  const message = messageOf(cause ?? "");
  return /expired|cannot refresh/i.test(message) || !/not found|could not be found|not present/i.test(message) ? "expired" : "no";
}

/**
 * The one configuration error for a token that cannot be used: expired (and not refreshed),
 * or not there at all. It names the command that fixes it.
 */
export function loginNeeded(login: SsoLogin, cause: unknown, state: "expired" | "no" = stateOf(cause)): FleetError {
  const message = state === "no"
    ? `No SSO token for ${login.label}: run \`${login.loginCommand}\``
    : `SSO token for ${login.label} expired: run \`${login.loginCommand}\``;
  return new FleetError("ERR_NO_CREDENTIALS", message, { ...(cause !== undefined && { cause }), facts: { kind: state === "no" ? "config" : "expired-credentials", retryable: false } });
}
