// The shared config and credentials files (~/.aws/config, ~/.aws/credentials), read as the SDK
// reads them (@smithy/core/config parseKnownFiles: the files AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE name, `[profile x]` and `[x]` merged), for what the SDK's own
// providers do not tell us: a profile's kind for store keys (caller-key.ts), its role
// (profile-role-store.ts), its credential_process (helper-processes.ts), its ca_bundle
// (connections/trust.ts), whether it exists at all (session-options.ts).
import type * as ConfigModule from "@smithy/core/config";
import { sdkRequire } from "../sdk-require.js";

export type Section = Record<string, string | undefined>;
export type Profiles = Record<string, Section>;

/** Every profile of the shared files the environment names ({} without files); `name` is the one the SDK would read. */
export async function readProfiles(name?: string, env: NodeJS.ProcessEnv = process.env): Promise<Profiles> {
  const { parseKnownFiles } = sdkRequire("@smithy/core/config") as typeof ConfigModule;
  try {
    return await parseKnownFiles({ ...(name !== undefined && { profile: name }), ...fileOptions(env) }) as Profiles;
  } catch {
    return {}; // no files: the chain goes on (and loading says what is missing)
  }
}

/** The shared files the environment names (the SDK's own defaults otherwise). */
export function fileOptions(env: NodeJS.ProcessEnv): { filepath?: string; configFilepath?: string } {
  return {
    ...(env.AWS_SHARED_CREDENTIALS_FILE !== undefined && { filepath: env.AWS_SHARED_CREDENTIALS_FILE }),
    ...(env.AWS_CONFIG_FILE !== undefined && { configFilepath: env.AWS_CONFIG_FILE }),
  };
}

/** The profile the SDK reads: the one given, else AWS_PROFILE, else "default" (@smithy/core/config getProfileName). */
export function profileName(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return profile || env.AWS_PROFILE || "default";
}
