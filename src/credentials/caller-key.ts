// Who calls STS, for store keys, when the caller is a profile or the default chain: a digest of
// what the base credentials really are, worked out locally, so the same profile name with other
// keys (a wrong secret, another user's file) never shares an entry. Resolved as the SDK resolves
// them (@aws-sdk/credential-provider-ini resolveProfileData, credential-provider-node's chain):
// - static keys in a profile, or the environment's keys: the keys themselves;
// - a role profile (role_arn + source_profile / credential_source): the role's parameters and
//   the identity of its source, recursively — never the role's own credentials, which would
//   cost an AssumeRole (and an MFA code) on every run;
// - SSO: start URL, account, role name and the login's cached token (~/.aws/sso/cache);
// - web identity: the role and the token file's content;
// - anything else (credential_process, login, container and instance credentials): the keys the
//   source loads, locally or from the local metadata endpoint (never STS).
// Secrets only ever enter a SHA-256 digest.
import type { AwsCredentialIdentity } from "@smithy/types";
import { nodeCrypto, nodeFsPromises } from "../node-builtins.js";
import { fileOptions, profileName, readProfiles, type Profiles, type Section } from "./shared-profiles.js";

const digest = (parts: unknown[]): string => nodeCrypto().createHash("sha256").update(JSON.stringify(parts)).digest("hex");

/** `key:<digest>` of a set of keys. */
export function keysCaller(c: AwsCredentialIdentity): string {
  return `key:${digest([c.accessKeyId, c.secretAccessKey, c.sessionToken ?? null])}`;
}

/** The caller of a named profile; `load` loads the whole profile (for kinds only loading can name). */
export async function profileCaller(name: string, env: NodeJS.ProcessEnv, load: () => Promise<AwsCredentialIdentity>): Promise<string> {
  const profiles = await readProfiles(name, env);
  return (await sectionCaller(name, profiles, env, new Set(), load)) ?? keysCaller(await load());
}

/**
 * The caller of the SDK's default chain: the environment's keys (unless AWS_PROFILE is set, as
 * the SDK's fromEnv step), else the profile (AWS_PROFILE or `default`) when it holds credentials,
 * else a web identity token file, else whatever the chain loads (container, instance).
 */
export async function defaultChainCaller(env: NodeJS.ProcessEnv, load: () => Promise<AwsCredentialIdentity>): Promise<string> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !env.AWS_PROFILE) {
    return keysCaller({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }) });
  }
  const name = profileName(undefined, env);
  const profiles = await readProfiles(name, env);
  const own = await sectionCaller(name, profiles, env, new Set(), load);
  if (own !== undefined) return own;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return webIdentityCaller(env.AWS_ROLE_ARN, env.AWS_ROLE_SESSION_NAME, env.AWS_WEB_IDENTITY_TOKEN_FILE);
  return keysCaller(await load());
}

/** The caller a profile section names, or undefined when it holds no credentials of its own. */
async function sectionCaller(name: string, profiles: Profiles, env: NodeJS.ProcessEnv, seen: Set<string>, load: () => Promise<AwsCredentialIdentity>): Promise<string | undefined> {
  const s = profiles[name];
  if (!s) return undefined;
  const keys = s.aws_access_key_id && s.aws_secret_access_key
    ? keysCaller({ accessKeyId: s.aws_access_key_id, secretAccessKey: s.aws_secret_access_key, ...(s.aws_session_token && { sessionToken: s.aws_session_token }) })
    : undefined;
  // A source profile with keys is used for its keys, even if it names a role (the SDK's rule).
  if (seen.size > 0 && keys) return keys;
  if (s.role_arn && (s.source_profile !== undefined || s.credential_source !== undefined)) {
    const role = [s.role_arn, s.external_id ?? null, s.mfa_serial ?? null, s.role_session_name ?? null, s.duration_seconds ?? null];
    let source: string | undefined;
    if (s.source_profile !== undefined) {
      if (seen.has(s.source_profile)) return undefined; // a loop: loading reports it
      source = await sectionCaller(s.source_profile, profiles, env, new Set([...seen, name]), load);
    } else {
      source = await credentialSourceCaller(s.credential_source!);
    }
    return source === undefined ? undefined : `profile-role:${digest([...role, source])}`;
  }
  if (keys) return keys;
  if (s.web_identity_token_file && s.role_arn) return webIdentityCaller(s.role_arn, s.role_session_name, s.web_identity_token_file);
  if (s.sso_session || s.sso_start_url || s.sso_account_id || s.sso_role_name) return ssoCaller(s, env);
  if (s.credential_process) {
    const { fromProcess } = await import("@aws-sdk/credential-providers");
    return keysCaller(await fromProcess({ profile: name, ...fileOptions(env) })());
  }
  // A login session and anything newer: what the profile loads. Only the profile asked for can
  // be loaded this way (it is not a role profile here, so loading calls no STS).
  if (seen.size === 0 && s.login_session) return keysCaller(await load());
  return undefined;
}

async function credentialSourceCaller(source: string): Promise<string | undefined> {
  const providers = await import("@aws-sdk/credential-providers");
  switch (source) {
    case "Environment":
      return keysCaller(await providers.fromEnv()());
    case "EcsContainer":
      return keysCaller(await providers.fromContainerMetadata()());
    case "Ec2InstanceMetadata":
      return keysCaller(await providers.fromInstanceMetadata()());
    default:
      return undefined; // the SDK refuses it too, when the profile is loaded
  }
}

async function webIdentityCaller(roleArn: string, sessionName: string | undefined, tokenFile: string): Promise<string> {
  const token = await nodeFsPromises().readFile(tokenFile, "utf8").catch(() => "");
  return `web-identity:${digest([roleArn, sessionName ?? null, token])}`;
}

async function ssoCaller(s: Section, env: NodeJS.ProcessEnv): Promise<string> {
  const { getSSOTokenFromFile, loadSsoSessionData } = await import("@smithy/core/config");
  let startUrl = s.sso_start_url;
  if (s.sso_session) {
    const sessions = await loadSsoSessionData(env.AWS_CONFIG_FILE !== undefined ? { configFilepath: env.AWS_CONFIG_FILE } : {}).catch(() => ({} as Record<string, Section>));
    startUrl ??= (sessions as Record<string, Section>)[s.sso_session]?.sso_start_url;
  }
  const token = await getSSOTokenFromFile(s.sso_session ?? startUrl ?? "").catch(() => undefined) as { accessToken?: string } | undefined;
  return `sso:${digest([startUrl ?? null, s.sso_account_id ?? null, s.sso_role_name ?? null, token?.accessToken ?? null])}`;
}

/** Where a provider carries a caller key given to it (worker threads: the main thread's). */
const CALLER_KEY = Symbol("sessionfleet.callerKey");

/** `provider`, tagged so a session built on it keys its store entries by `caller`. */
export function withCallerKey<P extends () => Promise<AwsCredentialIdentity>>(provider: P, caller: string | undefined): P {
  if (caller !== undefined) Object.defineProperty(provider, CALLER_KEY, { value: caller });
  return provider;
}

/** The caller key a provider was tagged with, if any. */
export function callerKeyOf(provider: unknown): string | undefined {
  const key = typeof provider === "function" ? (provider as { [CALLER_KEY]?: unknown })[CALLER_KEY] : undefined;
  return typeof key === "string" ? key : undefined;
}
