// The base session of a CLI run, from --profile/--region/--endpoint-url, or from an embedded
// sandbox with --sandbox. Everything it opens is closed by `close()`, so the process exits at once.
import type { CredentialSession } from "../../index.js";
import { invalidInput } from "../../errors.js";
import type { FileCredentialStore } from "../../credentials/file-store.js";
import type { SessionArgs } from "../args/command-types.js";
import { profileCaBundle } from "../../connections/trust.js";
import { profileName } from "../../credentials/shared-profiles.js";

/** Region of a `--sandbox` run when `--region` is not given (the demo organisation enables it). */
export const SANDBOX_REGION = "us-east-1";

/** A base session and what must be closed after the run. */
export interface Connection {
  session: CredentialSession;
  /** The endpoint every request goes to, when the run sets one (--endpoint-url, --sandbox). */
  endpoint?: string;
  /** The sandbox's request counters, when running with `--sandbox`. */
  sandboxRequests?: () => number;
  close(): Promise<void>;
}

/**
 * Opens the base session of a run; with `--sandbox`, starts the sandbox first. `mfaCodeProvider`
 * gives the code when the profile's own role needs MFA (mfa.ts profileMfaCode).
 */
export async function connect(args: SessionArgs, mfaCodeProvider?: (mfaSerial: string) => Promise<string>): Promise<Connection> {
  if (args.sandbox && args.endpointUrl !== undefined) {
    throw invalidInput("--endpoint-url", args.endpointUrl, "to be left out with --sandbox (the sandbox provides the endpoint)");
  }
  if (args.sandbox && args.profile !== undefined) {
    throw invalidInput("--profile", args.profile, "to be left out with --sandbox (the sandbox provides the credentials)");
  }
  const { CredentialSession } = await import("../../index.js");
  if (!args.sandbox) {
    // The shared store's DynamoDB client signs with the run's own base credentials (read lazily,
    // through the session made just below): one identity, one profile prompt.
    const ref: { session?: CredentialSession } = {};
    const shared = args.sharedCache
      ? await (await import("./shared-cache.js")).openSharedCache(args.sharedCache, {
        ...(args.region !== undefined && { region: args.region }), ...(args.profile !== undefined && { profile: args.profile }),
        credentials: () => ref.session!.getCredentials(), needKey: true,
      })
      : undefined;
    const cache = shared?.store ?? (await cliCache(args));
    // The profile's ca_bundle, as the AWS CLI reads it (AWS_CA_BUNDLE first: the pool's default).
    const ca = await profileCaBundle(profileName(args.profile));
    const session = new CredentialSession({
      cache,
      ...(mfaCodeProvider !== undefined && { mfaCodeProvider }),
      ...(args.profile !== undefined && { profile: args.profile }),
      ...(args.region !== undefined && { region: args.region }),
      ...(args.endpointUrl !== undefined && { clientConfig: { endpoint: args.endpointUrl } }),
      // A pool of its own, destroyed on close: no socket outlives the run.
      pool: ca === undefined ? {} : { ca },
    });
    ref.session = session;
    return {
      session, ...(args.endpointUrl !== undefined && { endpoint: args.endpointUrl }),
      async close() {
        await session.close();
        shared?.close();
      },
    };
  }
  // An embedded sandbox's credentials die with it: nothing to cache.
  const { startSandbox } = await import("../../sandbox/index.js");
  const sandbox = await startSandbox({ port: 0 });
  try {
    const session = new CredentialSession({
      credentials: sandbox.credentials,
      region: args.region ?? SANDBOX_REGION,
      clientConfig: { endpoint: sandbox.endpoint },
      pool: {},
    });
    // `--accounts sso` signs in as the sandbox portal's demo user, as `aws sso login` would.
    const { useSsoLogin } = await import("../../credentials/sso-token.js");
    const { sso } = sandbox;
    useSsoLogin(session, { label: `sso-session ${sso.sessionName}`, loginCommand: `aws sso login --sso-session ${sso.sessionName}`, startUrl: sso.startUrl, region: sso.region },
      async () => ({ token: sso.accessToken }));
    return {
      session,
      endpoint: sandbox.endpoint,
      sandboxRequests: () => sandbox.stats().requests,
      async close() {
        await session.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

// The file cache is on unless --no-cache; an unsafe cache directory stops the run here, before
// any request, instead of failing every target.
async function cliCache(args: SessionArgs): Promise<"memory" | FileCredentialStore> {
  if (args.noCache) return "memory";
  const { FileCredentialStore } = await import("../../credentials/file-store.js");
  const store = new FileCredentialStore();
  await store.checkDirectory();
  return store;
}
