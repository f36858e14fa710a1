// Picks the one credential source of a session, by a flat ladder:
// explicit keys > `credentials` > `profile` > the SDK's default chain.
// Profiles and the default chain go through @aws-sdk/credential-providers (SSO, credential_process,
// role_arn + source_profile chains all work); it is imported on first use, so constructing a
// session costs nothing.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpHandlerOptions } from "@smithy/types";
import type { HttpHandler } from "@smithy/core/protocols";
import { FleetError, invalidInput, messageOf } from "../errors.js";
import { checkProfileName } from "../validate.js";
import { callerKeyOf } from "./caller-key.js";
import { watchHelperProcesses } from "./helper-processes.js";
import { maskKeyId } from "./redact.js";

export interface SourceOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  profile?: string;
}

export interface CredentialSource {
  /** For humans: "static", "provider", "profile:ops", "default-chain", "assume-role". */
  readonly label: string;
  /** Known without a call for static keys; used in masked form only. */
  readonly staticKeyId?: string;
  /** Who this source is for store keys, when it was told (a worker thread's handed-over keys). */
  readonly callerKey?: string;
  load(): Promise<AwsCredentialIdentity>;
}

// Keys are opaque to us: IAM's are 16-128 of [A-Z0-9] (IAM API reference, AccessKey), but
// emulators document their own (LocalStack `test`/`test`, moto `testing`/`testing`), and the
// server is the one to judge a key. What is refused is what cannot be meant: an empty value, or
// one with whitespace, control, invisible format characters (zero-width space, BOM) or lone
// surrogates, which a paste adds and which would otherwise fail as a signature mismatch after a
// round trip. Key values are never quoted in the message; a key id at most masked.
const NOT_IN_A_KEY = /[\s\p{Cc}\p{Cf}\p{Z}\p{Cs}]/u;
const KEY_EXPECTED = "a non-empty string without whitespace or control characters";

function isKeyValue(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && !NOT_IN_A_KEY.test(value);
}

function checkKeyId(value: unknown, option: string): string {
  if (!isKeyValue(value)) {
    const shown = typeof value === "string" ? `(${value.length} characters${value.length >= 12 ? `, ${maskKeyId(value.replace(/[^\x21-\x7e]/g, "?"))}` : ""})` : `(${describeType(value)})`;
    throw invalidInput(option, shown, `an access key id: ${KEY_EXPECTED}`);
  }
  return value;
}

function checkSecret(value: unknown, option: string): string {
  if (!isKeyValue(value)) {
    const shown = typeof value === "string" ? `(hidden, ${value.length} characters)` : `(${describeType(value)})`;
    throw invalidInput(option, shown, KEY_EXPECTED);
  }
  return value;
}

function describeType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

export function resolveStaticCredentials(options: SourceOptions): CredentialSource {
  const accessKeyId = checkKeyId(options.accessKeyId, "accessKeyId");
  const secretAccessKey = checkSecret(options.secretAccessKey, "secretAccessKey");
  if (options.sessionToken !== undefined) checkSecret(options.sessionToken, "sessionToken");
  const identity: AwsCredentialIdentity = { accessKeyId, secretAccessKey, ...(options.sessionToken !== undefined && { sessionToken: options.sessionToken }) };
  return { label: "static", staticKeyId: accessKeyId, load: async () => identity };
}

export function resolveGivenCredentials(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider): CredentialSource {
  if (typeof credentials === "function") {
    const callerKey = callerKeyOf(credentials);
    return { label: "provider", ...(callerKey !== undefined && { callerKey }), load: () => withNoCredentialsCode(() => credentials(), "the credentials provider") };
  }
  if (credentials === null || typeof credentials !== "object") {
    // Never quote the value: a string here is often "key:secret" pasted into the wrong option.
    throw invalidInput("credentials", `(${credentials === null ? "null" : typeof credentials})`, "an AwsCredentialIdentity { accessKeyId, secretAccessKey, sessionToken? } or a provider function");
  }
  checkKeyId(credentials.accessKeyId, "credentials.accessKeyId");
  checkSecret(credentials.secretAccessKey, "credentials.secretAccessKey");
  if (credentials.sessionToken !== undefined) checkSecret(credentials.sessionToken, "credentials.sessionToken");
  return { label: "static", staticKeyId: credentials.accessKeyId, load: async () => credentials };
}

/**
 * How the SDK's own providers load a profile's or the default chain's credentials: within
 * `timeoutMs` (0: no limit; the SDK runs a credential_process with none), given up when the
 * session closes (`closing`: the session's signal), and with the session pool's handler for the
 * STS, SSO and SSO OIDC clients they make inside (fromIni's `clientConfig`, passed on by
 * fromNodeProviderChain): role chains and SSO logins then go through the pool's proxy and
 * timeouts like every other call. A load given up ends the credential_process it started
 * (helper-processes.ts).
 */
export interface ProviderLoading {
  timeoutMs: number;
  requestHandler?: HttpHandler<HttpHandlerOptions>;
  closing?: () => AbortSignal;
  /** For a profile's role with `mfa_serial` (fromIni's own option). */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

export function resolveProfileCredentials(profile: string, loading: ProviderLoading = { timeoutMs: 0 }): CredentialSource {
  let provider: AwsCredentialIdentityProvider | undefined;
  return {
    label: `profile:${profile}`,
    async load() {
      if (!provider) {
        const { fromIni } = await import("@aws-sdk/credential-providers");
        provider = fromIni({ profile, ...sdkOptions(loading) });
      }
      return withNoCredentialsCode(provider, `profile "${profile}"`, loading);
    },
  };
}

export function resolveDefaultChainCredentials(loading: ProviderLoading = { timeoutMs: 0 }): CredentialSource {
  let provider: AwsCredentialIdentityProvider | undefined;
  return {
    label: "default-chain",
    async load() {
      if (!provider) {
        const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
        provider = fromNodeProviderChain(sdkOptions(loading));
      }
      return withNoCredentialsCode(provider, "the default credential chain (env, profile, SSO, process, container, instance)", loading);
    },
  };
}

/** What the SDK's providers are given: the pool's handler for their inner clients, the MFA code provider. */
function sdkOptions(loading: ProviderLoading): { clientConfig?: { requestHandler: HttpHandler<HttpHandlerOptions> }; mfaCodeProvider?: (mfaSerial: string) => Promise<string> } {
  return {
    ...(loading.requestHandler !== undefined && { clientConfig: { requestHandler: loading.requestHandler } }),
    ...(loading.mfaCodeProvider !== undefined && { mfaCodeProvider: loading.mfaCodeProvider }),
  };
}

/** The ladder. Validates what it is given; contacts nothing. */
export function resolveCredentialSource(options: SourceOptions, loading: ProviderLoading = { timeoutMs: 0 }): CredentialSource {
  if (options.accessKeyId !== undefined || options.secretAccessKey !== undefined) return resolveStaticCredentials(options);
  if (options.sessionToken !== undefined) throw invalidInput("sessionToken", "(set)", "to be given together with accessKeyId and secretAccessKey");
  if (options.credentials !== undefined) return resolveGivenCredentials(options.credentials);
  if (options.profile !== undefined) return resolveProfileCredentials(checkProfileName(options.profile), loading);
  return resolveDefaultChainCredentials(loading);
}

// Takes the provider, not its promise: a provider that throws synchronously is caught here too.
async function withNoCredentialsCode(provider: () => Promise<AwsCredentialIdentity>, from: string, loading: Omit<ProviderLoading, "requestHandler"> = { timeoutMs: 0 }): Promise<AwsCredentialIdentity> {
  const { timeoutMs } = loading;
  const closing = loading.closing?.();
  let timer: NodeJS.Timeout | undefined;
  let onClose: (() => void) | undefined;
  const helpers = timeoutMs > 0 || closing !== undefined ? watchHelperProcesses() : undefined;
  try {
    if (helpers === undefined) return await provider();
    // The SDK's load itself cannot be stopped; the wait for it can, and the helper process it
    // started is ended. The timer does not hold the process open.
    const givenUp = new Promise<never>((_, reject) => {
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          const cause = Object.assign(new Error(`they did not load within ${timeoutMs} ms (a credential_process or SSO login that hangs or waits for input)`), { name: "CredentialsLoadTimeout" });
          reject(new FleetError("ERR_NO_CREDENTIALS", `No credentials from ${from}: ${cause.message}.`, { cause, facts: { kind: "config", retryable: false } }));
        }, timeoutMs);
        timer.unref();
      }
      if (closing !== undefined) {
        onClose = () => reject(new FleetError("ERR_NO_CREDENTIALS", `No credentials from ${from}: the session was closed while they were loading.`, { cause: closing.reason }));
        if (closing.aborted) onClose();
        else closing.addEventListener("abort", onClose, { once: true });
      }
    });
    return await Promise.race([provider(), givenUp]);
  } catch (error) {
    if (error instanceof FleetError) {
      await helpers?.end();
      throw error;
    }
    throw new FleetError("ERR_NO_CREDENTIALS", `No credentials from ${from}: ${messageOf(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    if (onClose !== undefined) closing?.removeEventListener("abort", onClose);
    helpers?.stop();
  }
}
