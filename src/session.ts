import { inspect } from "node:util";
import type { AwsCredentialIdentity } from "@smithy/types";
import { FleetError } from "./errors.js";
import { defaultPool, socketTimeoutOf, type ConnectionPool } from "./connections/pool.js";
import { ClientCache, overridesKey, type ClientClass, type SdkClient } from "./client-cache.js";
import { lightClient } from "./clients/light-client.js";
import { coreCredentials } from "./clients/regional-core.js";
import { configuredEndpoints, useProfileEndpoint } from "./configured-endpoint.js";
import { assumeRoleKey, type AssumeRoleOptions } from "./credentials/assume-role-options.js";
import type { AssumedIdentity } from "./credentials/assume-role.js";
import { maskKeyId } from "./credentials/redact.js";
import { resolveCredentialSource } from "./credentials/sources.js";
import { withProfileRoleStore } from "./credentials/profile-role-store.js";
import { nonAwsResponsePlugin } from "./response-check.js";
import { checkCacheOption, resolveCredentialStore } from "./credentials/store.js";
import { checkClientConfig, checkCredentialTimeout, checkMfaCodeProvider, checkSessionOptions, initialRegion, profileRegion, resolvePool, type CredentialSessionOptions } from "./session-options.js";
import { sharedClientConfig } from "./shared-client-config.js";
import { unsharedChild } from "./unshared-child.js";
import { childCore, childOptions, closeCore, functionId, makeCore, type Core, type SessionIdentity } from "./session-core.js";
import { checkRegion } from "./validate.js";
import { sdkRequire } from "./sdk-require.js";
import type * as Sts from "@aws-sdk/client-sts";

/** Client config a `client()` call may override (anything but credentials and the handler). */
export type ClientOverrides<A extends unknown[]> = Omit<NonNullable<A[0]>, "credentials" | "requestHandler"> & { region?: string };

// Reads a session's core from module functions (session-internals.ts) without a public accessor.
let coreOfSession: (session: CredentialSession) => Core;
// Set only while viewOf() constructs a view, so the public constructor keeps one plain signature.
let pendingView: { core: Core; region: string | undefined } | undefined;

/**
 * Credentials, a default region and a pool, from which cached AWS SDK v3 clients are made.
 * A session is not a connection: constructing one contacts nothing; clients share keep-alive
 * sockets through the pool; `close()` (or `await using`, on Node 24 and later) releases them.
 *
 * @example
 * ```ts
 * import { CredentialSession } from "sessionfleet";
 * import { RDSClient, DescribeOptionGroupsCommand } from "@aws-sdk/client-rds";
 * const session = new CredentialSession({ profile: "ops", region: "us-east-1" });
 * try {
 *   const rds = session.client(RDSClient);            // the same instance on every call
 *   const west = session.withRegion("us-west-1").client(RDSClient);
 *   const audit = session.assumeRole("arn:aws:iam::111111111111:role/Audit");
 *   const { OptionGroupsList } = await audit.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
 * } finally {
 *   await session.close(); // Node 24+: `await using session = ...` instead of try/finally
 * }
 * ```
 */
export class CredentialSession {
  readonly #core: Core;
  static {
    coreOfSession = (session) => session.#core;
  }
  /** The default region of this view, if known without reading files. */
  readonly region: string | undefined;

  constructor(options: CredentialSessionOptions = {}) {
    if (pendingView) {
      this.#core = pendingView.core;
      this.region = pendingView.region;
      return;
    }
    const checked = checkSessionOptions(options);
    this.region = initialRegion(checked.region);
    const clientConfig = checkClientConfig(checked.clientConfig, "clientConfig");
    const timeoutMs = checkCredentialTimeout(checked.credentialTimeoutMs);
    const mfaCodeProvider = checkMfaCodeProvider(checked);
    const store = resolveCredentialStore(checkCacheOption(checked.cache));
    const { pool, owned } = resolvePool(checked.pool, defaultPool);
    const loading = { timeoutMs, requestHandler: pool.requestHandler, ...(mfaCodeProvider && { mfaCodeProvider }) };
    // A role profile's own credentials are kept in a local store too, as the AWS CLI keeps them.
    const source = (closing: () => AbortSignal) => withProfileRoleStore(resolveCredentialSource(checked, { ...loading, closing }), checked.profile, store);
    this.#core = makeCore(source, {
      pool, ownsPool: owned, clientConfig, loadedConfig: sharedClientConfig(checked.profile), endpoints: configuredEndpoints(checked.profile), cores: new ClientCache(), ownsCores: true, profile: checked.profile, ...(store && { store }),
    });
    this.#core.views.set(this.region, this);
  }

  /** The pool this session's clients send through. */
  get pool(): ConnectionPool {
    return this.#core.pool;
  }

  /** The ARN of the role this session assumed, for sessions made by `assumeRole`. */
  get roleArn(): string | undefined {
    return this.#core.roleArn;
  }

  /**
   * A cached client: the same instance for the same class, region and overrides. It gets the
   * session's shared credential provider, the pool's handler and the session's clientConfig.
   */
  client<C extends SdkClient, A extends unknown[]>(ClientClass: ClientClass<C, A>, overrides?: ClientOverrides<A>): C {
    // A copy: the caller's object is theirs (it may be reused for the next client, or frozen).
    const { region: wanted, ...extra } = checkClientConfig(overrides, "client overrides", true);
    const region = wanted === undefined ? this.region : checkRegion(wanted, "client overrides.region");
    const core = this.#core;
    const key = `${region ?? ""}|${overridesKey(extra)}`;
    return core.clients.getOrCreate(ClientClass, key, () => {
      // Everything in the key and in the config below is the same for the whole session tree
      // (children share clientConfig, loaded config, profile and pool): one core serves them all.
      const shared = core.cores.getOrCreate(ClientClass, key, () => {
        const client = new ClientClass(...([{
          ...core.loadedConfig,
          ...(core.profile !== undefined && { profile: core.profile }),
          ...core.clientConfig,
          ...extra,
          region: region ?? (() => profileRegion(core.profile)),
          credentials: coreCredentials,
          requestHandler: core.pool.requestHandler,
        }] as unknown as A));
        useProfileEndpoint(client, core.endpoints);
        client.middlewareStack.use(nonAwsResponsePlugin(client, socketTimeoutOf(core.pool)));
        return client;
      });
      return lightClient(shared, core.provider, [core.retryPlugin, core.plugin], {
        retryStrategy: "retryStrategy" in extra ? extra.retryStrategy : core.clientConfig.retryStrategy,
        // A signer the user gave signs with whatever it was given; only the SDK's own is made per session.
        ownSigner: "signer" in extra || "signer" in core.clientConfig,
      });
    });
  }

  /** A view of this session bound to another region: same credentials, pool and client cache. */
  withRegion(region: string): CredentialSession {
    return viewOf(this.#core, checkRegion(region, "region"));
  }

  /** The region to use: this view's, else the profile's from the shared config files. */
  async resolveRegion(): Promise<string> {
    return this.region ?? profileRegion(this.#core.profile);
  }

  /**
   * A child session with the credentials of an assumed role. Returns at once; STS is called on
   * first use, once for every region and service of the child, and again only to refresh.
   */
  assumeRole(roleArnOrOptions: string | AssumeRoleOptions): CredentialSession {
    const core = this.#core;
    const options = childOptions(this, core, roleArnOrOptions);
    const key = assumeRoleKey(options, functionId, options.stsRegion ?? this.region);
    let child = core.children.get(key);
    if (!child) {
      child = childCore(this, core, options, { parent: { core, key }, store: core.store });
      core.children.set(key, child);
    }
    return viewOf(child, this.region);
  }

  /** @internal See {@link unsharedChild}: an `assumeRole` child that only its maker holds (fan-out runs). */
  [unsharedChild](options: AssumeRoleOptions): CredentialSession {
    const core = this.#core;
    return viewOf(childCore(this, core, childOptions(this, core, options), { store: core.store }), this.region);
  }

  /** The session's credentials, resolved once and refreshed before they expire. */
  getCredentials(): Promise<AwsCredentialIdentity> {
    return this.#core.provider();
  }

  /** The caller's account, ARN and user id, from one (cached) STS GetCallerIdentity. */
  identity(): Promise<SessionIdentity> {
    const core = this.#core;
    core.identity ??= (async () => {
      const { STSClient, GetCallerIdentityCommand } = sdkRequire("@aws-sdk/client-sts") as typeof Sts;
      const out = await this.client(STSClient).send(new GetCallerIdentityCommand({}));
      // The answer was wrong, not the caller's configuration (a proxy's own XML parses to an empty output).
      if (!out.Account || !out.Arn || !out.UserId) throw new FleetError("ERR_DISCOVERY", "STS GetCallerIdentity answered without an identity (no Account, Arn or UserId): something other than STS may have answered", { facts: { kind: "server", retryable: false } });
      return { accountId: out.Account, arn: out.Arn, userId: out.UserId };
    })();
    core.identity.catch(() => (core.identity = undefined));
    return core.identity;
  }

  /** Destroys the clients of this session (all its region views) and of its child sessions. The
   * shared pool stays open for other sessions; a pool the session owns is destroyed. */
  async close(): Promise<void> {
    closeCore(this.#core);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Region, credential source, role and masked key id; never a secret. */
  toJSON(): { region?: string; source: string; roleArn?: string; accessKeyId?: string } {
    const core = this.#core;
    const keyId = maskKeyId(core.source.staticKeyId ?? core.provider.current()?.accessKeyId);
    return {
      ...(this.region !== undefined && { region: this.region }),
      source: core.source.label,
      ...(core.roleArn !== undefined && { roleArn: core.roleArn }),
      ...(keyId !== undefined && { accessKeyId: keyId }),
    };
  }

  toString(): string {
    const { region, source, roleArn, accessKeyId } = this.toJSON();
    return `CredentialSession(${[source, roleArn, region && `region=${region}`, accessKeyId && `key=${accessKeyId}`].filter(Boolean).join(", ")})`;
  }

  [inspect.custom](): string {
    return `CredentialSession ${inspect(this.toJSON())}`;
  }
}

/** @internal A session's core, for session-internals.ts. */
export function coreOf(session: CredentialSession): Core {
  return coreOfSession(session);
}

/** @internal The session (view) of `core` in `region`, made once per region. */
export function viewOf(core: Core, region: string | undefined): CredentialSession {
  // Every view in a core's map was made here, so it is a CredentialSession.
  let view = core.views.get(region) as CredentialSession | undefined;
  if (!view) {
    pendingView = { core, region };
    try {
      view = new CredentialSession();
    } finally {
      pendingView = undefined;
    }
    core.views.set(region, view);
  }
  return view;
}

export type { AssumeRoleOptions, AssumedIdentity, SessionIdentity };
