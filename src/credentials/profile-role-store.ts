// A role profile's own credentials (role_arn with source_profile or credential_source, often with
// mfa_serial) kept in the session's credential store, as the AWS CLI keeps them in
// ~/.aws/cli/cache: with the CLI's file store, a second run within the credentials' lifetime asks
// neither STS nor the MFA device. The SDK still assumes the role (fromIni); the store only answers
// first. The entry's key is the profile's caller key (caller-key.ts: the role's parameters,
// mfa_serial included, and its source's own identity, worked out locally: another secret for the
// source profile is another key), the role, and the STS endpoint the SDK's role assumer is sent
// to (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or the profile's endpoint_url, as the SDK reads them).
import { parseRoleArn } from "../validate.js";
import { withCredentialStore } from "./cached-source.js";
import { profileCaller } from "./caller-key.js";
import { profileName, readProfiles } from "./shared-profiles.js";
import type { CredentialSource } from "./sources.js";
import { FileCredentialStore } from "./file-store.js";
import { MemoryCredentialStore, storeKey, type CredentialStore } from "./store.js";

/**
 * `source` (a profile's, or the default chain's), with `store` consulted first when the profile
 * it reads is a role profile and the store is a local one (a file, or a MemoryCredentialStore);
 * any other source, and any other store, is left as it is. Another store could sign with this
 * session's own credentials (a DynamoDB store, as the CLI's --shared-cache does) and wait on itself.
 */
export function withProfileRoleStore(source: CredentialSource, profile: string | undefined, store: CredentialStore | undefined, env: NodeJS.ProcessEnv = process.env): CredentialSource {
  if (!(store instanceof FileCredentialStore || store instanceof MemoryCredentialStore)) return source;
  if (!source.label.startsWith("profile:") && source.label !== "default-chain") return source;
  let resolved: Promise<CredentialSource> | undefined;
  const resolve = async (): Promise<CredentialSource> => {
    const name = profile ?? defaultChainProfile(env);
    if (name === undefined) return source;
    const section = (await readProfiles(name, env))[name];
    const roleArn = section?.role_arn;
    if (roleArn === undefined || (section!.source_profile === undefined && section!.credential_source === undefined)) return source;
    let accountId: string;
    try {
      accountId = parseRoleArn(roleArn).accountId;
    } catch {
      return source; // the SDK says what is wrong with it when it loads
    }
    // Only a caller worked out locally: one that needs the profile loaded would cost the very
    // AssumeRole (and MFA code) the store is there to save, twice.
    const caller = await profileCaller(name, env, () => Promise.reject(new Error("not resolvable locally"))).catch(() => undefined);
    if (caller === undefined) return source;
    const key = storeKey({ caller, roleArn, sessionName: "", endpoint: env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || section!.endpoint_url });
    return withCredentialStore(source, store, async () => key, { roleArn, accountId });
  };
  return {
    label: source.label,
    async load() {
      resolved ??= resolve().catch(() => source);
      return (await resolved).load();
    },
  };
}

/** The profile the SDK's default chain reads: none when the environment's keys come first (fromEnv), else AWS_PROFILE or default. */
function defaultChainProfile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !env.AWS_PROFILE) return undefined;
  return profileName(undefined, env);
}
