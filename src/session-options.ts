// CredentialSession options → validated parts, before any I/O.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { FleetError, invalidInput } from "./errors.js";
import { ConnectionPool, type ConnectionPoolOptions } from "./connections/pool.js";
import { warnIfInsecureEndpoint } from "./insecure-endpoint.js";
import { checkOptionsObject, checkRegion, checkWholeMs } from "./validate.js";
import type { CacheOption } from "./credentials/store.js";
import { profileName, readProfiles } from "./credentials/shared-profiles.js";

/** Options of a {@link CredentialSession}. Nothing is contacted when a session is made. */
export interface CredentialSessionOptions {
  /** Static keys; take precedence over every other source. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** An identity or a provider function (e.g. from `@aws-sdk/credential-providers`). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A profile of the shared config files; SSO, credential_process and role chains work. */
  profile?: string;
  /** Default region; else `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`. */
  region?: string;
  /** Defaults merged into every client this session makes, e.g. `{ maxAttempts: 5, endpoint }`. */
  clientConfig?: Record<string, unknown>;
  /** A pool to share, or options for a pool this session owns (and destroys on close).
   * Default: one pool shared by the whole process. */
  pool?: ConnectionPool | ConnectionPoolOptions;
  /** Where assumed-role credentials are kept: `"memory"` (default; they end with the session),
   * `"file"` (reused by later processes until 5 minutes before expiry; see docs/security.md), or
   * your own `CredentialStore`. Child sessions use their parent's. */
  cache?: CacheOption;
  /**
   * How long loading a profile's (or the default chain's) credentials may take before it fails
   * with `ERR_NO_CREDENTIALS` (kind `config`): a credential_process that hangs or waits for input,
   * an SSO login that never ends. Default 120 000 ms; 0 for no limit. A load that times out (or
   * whose session is closed) ends the credential_process it started. Not applied to a
   * `credentials` provider of your own, nor to assumed roles (their STS calls have the pool's
   * timeouts).
   */
  credentialTimeoutMs?: number;
  /**
   * Asked for the current code of an MFA device when a profile's role needs one (`role_arn` with
   * `mfa_serial` in the shared config; the same for the default chain's profile), with the device's
   * ARN; as the SDK's `fromIni({ mfaCodeProvider })`. Without it such a profile fails with
   * `ERR_NO_CREDENTIALS`. The wait for the code counts against `credentialTimeoutMs`.
   */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

const OPTION_NAMES = ["accessKeyId", "secretAccessKey", "sessionToken", "credentials", "profile", "region", "clientConfig", "pool", "cache", "credentialTimeoutMs", "mfaCodeProvider"] as const;
/** {@link CredentialSessionOptions.credentialTimeoutMs} when not given. */
export const DEFAULT_CREDENTIAL_TIMEOUT_MS = 120_000;

/** credentialTimeoutMs as given (whole ms, 0: none), or the default. */
export function checkCredentialTimeout(value: unknown): number {
  return value === undefined ? DEFAULT_CREDENTIAL_TIMEOUT_MS : checkWholeMs(value, "credentialTimeoutMs");
}
/** mfaCodeProvider as given: a function, and only for a profile or the default chain (keys and providers of your own never read mfa_serial). */
export function checkMfaCodeProvider(options: CredentialSessionOptions): CredentialSessionOptions["mfaCodeProvider"] {
  const value: unknown = options.mfaCodeProvider;
  if (value === undefined) return undefined;
  if (typeof value !== "function") throw invalidInput("mfaCodeProvider", value, "an async function (mfaSerial) => the current MFA code");
  if (options.accessKeyId !== undefined || options.secretAccessKey !== undefined || options.credentials !== undefined) {
    throw invalidInput("mfaCodeProvider", "(a function)", "to be left out with accessKeyId or credentials: only a profile's role (mfa_serial) asks for a code");
  }
  return value as CredentialSessionOptions["mfaCodeProvider"];
}

// These belong to the session, not to clientConfig: a client with other credentials or another
// handler would silently escape the session's refresh, retry and pool.
const RESERVED_CLIENT_CONFIG = ["credentials", "region", "requestHandler"];

export function checkSessionOptions(value: unknown): CredentialSessionOptions {
  return checkOptionsObject(value, "CredentialSession options", OPTION_NAMES) as CredentialSessionOptions;
}

/** Checks clientConfig (or, with `allowRegion`, the overrides of one `client()` call). */
export function checkClientConfig(value: unknown, option: string, allowRegion = false): Record<string, unknown> {
  if (value === undefined) return {};
  const config = checkOptionsObject(value, option, Object.keys(value ?? {}));
  for (const key of RESERVED_CLIENT_CONFIG) {
    if (key in config && !(allowRegion && key === "region")) {
      throw invalidInput(`${option}.${key}`, `(${typeof config[key]})`, key === "region" ? "the session's region option or withRegion()" : "a CredentialSession option, not a client setting");
    }
  }
  if (typeof config.endpoint === "string") checkEndpoint(config.endpoint, `${option}.endpoint`);
  else if (config.endpoint instanceof URL) warnIfInsecureEndpoint(config.endpoint);
  return config;
}

/** The region known without reading files: explicit, else AWS_REGION, else AWS_DEFAULT_REGION. */
export function initialRegion(explicit: unknown): string | undefined {
  if (explicit !== undefined) return checkRegion(explicit, "region");
  const fromEnv = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (fromEnv) return checkRegion(fromEnv, process.env.AWS_REGION ? "AWS_REGION" : "AWS_DEFAULT_REGION");
  return undefined;
}

/** The profile's region from the shared config files, via the SDK's own loader. */
export async function profileRegion(profile: string | undefined): Promise<string> {
  const { loadConfig, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS } = await import("@smithy/core/config");
  try {
    const region = await loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...(profile !== undefined && { profile }) })();
    return checkRegion(region, `region (of profile "${profileName(profile)}" in the shared config file)`);
  } catch (error) {
    if (error instanceof FleetError) throw error;
    // A profile named (the option, else AWS_PROFILE) that is in neither shared file: that, not the
    // missing region, is what to fix (a typo in AWS_PROFILE was reported as "no region").
    const name = profile || process.env.AWS_PROFILE;
    if (name && !Object.hasOwn(await readProfiles(name), name)) {
      throw new FleetError("ERR_NO_REGION", `No region: profile "${name}" could not be found in the shared config files; name an existing profile, or give the region option.`, { cause: error, option: "profile" });
    }
    throw new FleetError("ERR_NO_REGION", "No region: give the region option, set AWS_REGION, or set region in the profile.", { cause: error });
  }
}

export function resolvePool(pool: unknown, shared: () => ConnectionPool): { pool: ConnectionPool; owned: boolean } {
  if (pool === undefined) return { pool: shared(), owned: false };
  if (pool instanceof ConnectionPool) return { pool, owned: false };
  return { pool: new ConnectionPool(pool as ConnectionPoolOptions), owned: true };
}

/** An http(s) URL with a host; control characters are refused (URL parsing would drop them silently). */
export function checkEndpoint(value: string, option: string): string {
  let url: URL | undefined;
  try {
    url = [...value].some((c) => c <= " " || c === "\u007f") ? undefined : new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    throw invalidInput(option, value, "an http:// or https:// URL such as \"http://127.0.0.1:4566\"");
  }
  warnIfInsecureEndpoint(url);
  return value;
}
