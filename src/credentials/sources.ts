// Picks the one credential source of a session, by a flat ladder:
// explicit keys > `credentials` > `profile` > the SDK's default chain.
// Profiles and the default chain go through @aws-sdk/credential-providers (SSO, credential_process,
// role_arn + source_profile chains all work); it is imported on first use, so constructing a
// session costs nothing.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { FleetError, invalidInput, messageOf } from "../errors.js";
import { checkProfileName } from "../validate.js";
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
  load(): Promise<AwsCredentialIdentity>;
}

// IAM access key ids are 16-128 characters of [A-Z0-9]; secrets and tokens are printable ASCII
// without spaces. A pasted value with a newline or a stray space fails here, not as a signature
// mismatch after a round trip. Secret values are never quoted in the message.
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET_VALUE = /^[\x21-\x7e]+$/;

function checkKeyId(value: unknown, option: string): string {
  if (typeof value !== "string" || !ACCESS_KEY_ID.test(value)) {
    const shown = typeof value === "string" ? maskKeyId(value.replace(/[^\x20-\x7e]/g, "?")) : value;
    throw invalidInput(option, shown, "an access key id: 16-128 characters of A-Z and 0-9");
  }
  return value;
}

function checkSecret(value: unknown, option: string): string {
  if (typeof value !== "string" || !SECRET_VALUE.test(value)) {
    const shown = typeof value === "string" ? `(hidden, ${value.length} characters)` : value;
    throw invalidInput(option, shown, "printable ASCII without spaces or line breaks");
  }
  return value;
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
    return { label: "provider", load: () => withNoCredentialsCode(() => credentials(), "the credentials provider") };
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

export function resolveProfileCredentials(profile: string): CredentialSource {
  let provider: AwsCredentialIdentityProvider | undefined;
  return {
    label: `profile:${profile}`,
    async load() {
      if (!provider) {
        const { fromIni } = await import("@aws-sdk/credential-providers");
        provider = fromIni({ profile });
      }
      return withNoCredentialsCode(provider, `profile "${profile}"`);
    },
  };
}

export function resolveDefaultChainCredentials(): CredentialSource {
  let provider: AwsCredentialIdentityProvider | undefined;
  return {
    label: "default-chain",
    async load() {
      if (!provider) {
        const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
        provider = fromNodeProviderChain();
      }
      return withNoCredentialsCode(provider, "the default credential chain (env, profile, SSO, process, container, instance)");
    },
  };
}

/** The ladder. Validates what it is given; contacts nothing. */
export function resolveCredentialSource(options: SourceOptions): CredentialSource {
  if (options.accessKeyId !== undefined || options.secretAccessKey !== undefined) return resolveStaticCredentials(options);
  if (options.sessionToken !== undefined) throw invalidInput("sessionToken", "(set)", "to be given together with accessKeyId and secretAccessKey");
  if (options.credentials !== undefined) return resolveGivenCredentials(options.credentials);
  if (options.profile !== undefined) return resolveProfileCredentials(checkProfileName(options.profile));
  return resolveDefaultChainCredentials();
}

// Takes the provider, not its promise: a provider that throws synchronously is caught here too.
async function withNoCredentialsCode(provider: () => Promise<AwsCredentialIdentity>, from: string): Promise<AwsCredentialIdentity> {
  try {
    return await provider();
  } catch (error) {
    if (error instanceof FleetError) throw error;
    throw new FleetError("ERR_NO_CREDENTIALS", `No credentials from ${from}: ${messageOf(error)}`, { cause: error });
  }
}
