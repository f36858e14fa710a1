import { inspect } from "node:util";
import type { AwsCredentialIdentity, MetadataBearer, Pluggable } from "@smithy/types";
import type { STSClient } from "@aws-sdk/client-sts";
import { FleetError } from "./errors.js";
import { defaultPool, type ConnectionPool } from "./connections/pool.js";
import { ClientCache, overridesKey, type ClientClass, type SdkClient } from "./client-cache.js";
import { dispatchCredentials, lightClient, RegionalCores } from "./clients/regional-core.js";
import { configuredEndpoints, useProfileEndpoint, type ConfiguredEndpoints } from "./configured-endpoint.js";
import { assumeRoleKey, normalizeAssumeRole, type AssumeRoleOptions, type NormalizedAssumeRole } from "./credentials/assume-role-options.js";
import { resolveAssumeRoleCredentials, type AssumedIdentity } from "./credentials/assume-role.js";
import { expiredCredentialRetryPlugin } from "./credentials/expired-retry.js";
import { maskKeyId } from "./credentials/redact.js";
import { checkChainedDuration } from "./credentials/role-chaining.js";
import { refreshingProvider, type RefreshingProvider } from "./credentials/refreshing.js";
import { resolveCredentialSource, type CredentialSource } from "./credentials/sources.js";
import { nonAwsResponsePlugin } from "./response-check.js";
import { callerIdentity, storeKeyOf, withCredentialStore } from "./credentials/cached-source.js";
import { checkCacheOption, resolveCredentialStore, type CredentialStore } from "./credentials/store.js";
import { checkClientConfig, checkSessionOptions, initialRegion, profileRegion, resolvePool, type CredentialSessionOptions } from "./session-options.js";
import { sharedClientConfig, type SharedClientConfig } from "./shared-client-config.js";
import { unsharedChild } from "./unshared-child.js";
import { checkRegion } from "./validate.js";

/** Who a session's credentials belong to, from STS GetCallerIdentity. */
export interface SessionIdentity {
  accountId: string;
  arn: string;
  userId: string;
}

/** Client config a `client()` call may override (anything but credentials and the handler). */
export type ClientOverrides<A extends unknown[]> = Omit<NonNullable<A[0]>, "credentials" | "requestHandler"> & { region?: string };

// Everything a session and all its region views share: one provider, one client cache, one pool.
interface Core {
  readonly source: CredentialSource;
  readonly provider: RefreshingProvider;
  readonly pool: ConnectionPool;
  readonly ownsPool: boolean;
  readonly clientConfig: Readonly<Record<string, unknown>>;
  /** Env/profile client settings, loaded once for the session and its children. */
  readonly loadedConfig: SharedClientConfig;
  /** The profile's configured endpoint per service, looked up once for the session and its children. */
  readonly endpoints: ConfiguredEndpoints;
  /** Resolved SDK clients shared by the session and its children; each session's clients are light ones over them. */
  readonly cores: RegionalCores;
  /** True for the session that made `cores` (its close() lets them go). */
  readonly ownsCores: boolean;
  readonly profile: string | undefined;
  readonly clients: ClientCache;
  readonly views: Map<string | undefined, CredentialSession>;
  readonly children: Map<string, Core>;
  readonly parent?: { core: Core; key: string };
  readonly roleArn?: string;
  readonly retryPlugin: ReturnType<typeof expiredCredentialRetryPlugin>;
  /** Where assumed-role credentials of this session's children are kept beyond it (cache option). */
  readonly store?: CredentialStore;
  /** For a child: its key in a store, which is also the caller identity of its own children. */
  readonly storeKey?: () => Promise<string>;
  /** Added to every client of this session (SessionManager counts calls in flight with it). */
  readonly plugin?: Pluggable<object, MetadataBearer>;
  identity?: Promise<SessionIdentity>;
  defaultSessionName?: string;
  /** Aborts credential loads still in flight when the session closes. */
  closing: AbortController;
}

const functionIds = new WeakMap<() => Promise<string>, number>();
let nextFunctionId = 1;
const functionId = (fn: () => Promise<string>): number => {
  let id = functionIds.get(fn);
  if (id === undefined) functionIds.set(fn, (id = nextFunctionId++));
  return id;
};
// Reads a session's core from module functions (ownedChild, holdings) without a public accessor.
let coreOf: (session: CredentialSession) => Core;
// Set only while viewOf() constructs a view, so the public constructor keeps one plain signature.
let pendingView: { core: Core; region: string | undefined } | undefined;

type CoreParts = Omit<Core, "source" | "provider" | "clients" | "views" | "children" | "retryPlugin" | "closing">;

function makeCore(makeSource: (closing: () => AbortSignal) => CredentialSource, rest: CoreParts): Core {
  const core = { ...rest, clients: new ClientCache(), views: new Map(), children: new Map(), closing: new AbortController() } as Omit<Core, "source" | "provider" | "retryPlugin">;
  const source = makeSource(() => core.closing.signal);
  const provider = refreshingProvider(() => source.load());
  return Object.assign(core, { source, provider, retryPlugin: expiredCredentialRetryPlugin(provider) });
}

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
    coreOf = (session) => session.#core;
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
    const { pool, owned } = resolvePool(checked.pool, defaultPool);
    const source = resolveCredentialSource(checked);
    const store = resolveCredentialStore(checkCacheOption(checked.cache));
    this.#core = makeCore(() => source, {
      pool, ownsPool: owned, clientConfig, loadedConfig: sharedClientConfig(checked.profile), endpoints: configuredEndpoints(checked.profile), cores: new RegionalCores(), ownsCores: true, profile: checked.profile, ...(store && { store }),
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
          credentials: dispatchCredentials,
          requestHandler: core.pool.requestHandler,
        }] as unknown as A));
        useProfileEndpoint(client, core.endpoints);
        client.middlewareStack.use(nonAwsResponsePlugin(client));
        return client;
      });
      return lightClient(shared, core.provider, [core.retryPlugin, core.plugin], "retryStrategy" in extra ? extra.retryStrategy : core.clientConfig.retryStrategy);
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
    return ownedChild(this, options);
  }

  /** The session's credentials, resolved once and refreshed before they expire. */
  getCredentials(): Promise<AwsCredentialIdentity> {
    return this.#core.provider();
  }

  /** The caller's account, ARN and user id, from one (cached) STS GetCallerIdentity. */
  identity(): Promise<SessionIdentity> {
    const core = this.#core;
    core.identity ??= (async () => {
      const { STSClient, GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
      const out = await this.client(STSClient).send(new GetCallerIdentityCommand({}));
      if (!out.Account || !out.Arn || !out.UserId) throw new FleetError("ERR_NO_CREDENTIALS", "GetCallerIdentity answered without an identity");
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

/** @internal The session's clientConfig and profile (never credentials), for fan-out worker threads. */
export function sessionSettings(session: CredentialSession): { clientConfig: Readonly<Record<string, unknown>>; profile: string | undefined; store: CredentialStore | undefined; caller: () => Promise<string> } {
  const core = coreOf(session);
  const { clientConfig, profile, store } = core;
  // Workers key their store entries as this session's children would (cached-source.ts).
  return { clientConfig, profile, store, caller: callerIdentity(core.source, core.storeKey) };
}

// A child's options, checked before any call: the parent's default session name, fixed once, and
// STS's one-hour cap when the parent's credentials are themselves a role's (role chaining).
function childOptions(view: CredentialSession, core: Core, options: string | AssumeRoleOptions): NormalizedAssumeRole {
  core.defaultSessionName ??= `sessionfleet-${Math.floor(Date.now() / 1000)}`;
  const normalized = normalizeAssumeRole(options, { sessionName: core.defaultSessionName, region: view.region });
  if (core.roleArn !== undefined) checkChainedDuration(normalized.durationSeconds, `those of the assumed role ${core.roleArn}`);
  return normalized;
}

// A child's credentials come from STS through the parent's (region's) STS client, and through
// the store first when there is one.
function childCore(view: CredentialSession, core: Core, options: NormalizedAssumeRole, own: { parent?: Core["parent"]; store: CredentialStore | undefined; plugin?: Core["plugin"] }): Core {
  const stsRegion = options.stsRegion ?? view.region;
  const sts = async (): Promise<STSClient> => {
    const { STSClient } = await import("@aws-sdk/client-sts");
    return stsRegion === undefined ? view.client(STSClient) : view.withRegion(stsRegion).client(STSClient);
  };
  const endpoint = typeof core.clientConfig.endpoint === "string" ? core.clientConfig.endpoint : process.env.AWS_ENDPOINT_URL_STS || process.env.AWS_ENDPOINT_URL;
  // A generated default session name changes every run, so like botocore's cache key
  // (AssumeRoleCredentialFetcher._create_cache_key drops RoleSessionName) it is not part of the key.
  const keyed = options.sessionName === core.defaultSessionName ? { ...options, sessionName: "" } : options;
  const storeKey = storeKeyOf({ caller: callerIdentity(core.source, core.storeKey), options: keyed, stsRegion: async () => stsRegion ?? view.resolveRegion(), endpoint });
  return makeCore((closing) => {
    const source = resolveAssumeRoleCredentials(options, sts, () => stsRegion, closing, () => core.provider());
    return own.store ? withCredentialStore(source, own.store, storeKey, options) : source;
  }, {
    pool: core.pool, ownsPool: false, clientConfig: core.clientConfig, loadedConfig: core.loadedConfig, endpoints: core.endpoints, cores: core.cores, ownsCores: false, profile: core.profile, roleArn: options.roleArn,
    storeKey, ...(own.parent && { parent: own.parent }), ...(own.store && { store: own.store }), ...(own.plugin && { plugin: own.plugin }),
  });
}

/**
 * For SSO fan-out (credentials/sso-role.ts): a child owned by its caller, like {@link ownedChild},
 * whose credentials come from `makeSource` instead of STS — refreshed, retried on an expired
 * answer and kept in the parent's store (under `storeKey`) exactly as an assumed role's are.
 */
export function sourcedChild(parent: CredentialSession, role: { roleArn: string; accountId: string }, makeSource: (closing: () => AbortSignal) => CredentialSource, storeKey: () => Promise<string>): CredentialSession {
  const core = coreOf(parent);
  const { store } = core;
  return viewOf(makeCore((closing) => (store ? withCredentialStore(makeSource(closing), store, storeKey, role) : makeSource(closing)), {
    pool: core.pool, ownsPool: false, clientConfig: core.clientConfig, loadedConfig: core.loadedConfig, endpoints: core.endpoints, cores: core.cores, ownsCores: false, profile: core.profile, roleArn: role.roleArn,
    storeKey, ...(store && { store }),
  }), parent.region);
}

/**
 * For SessionManager: a child session that belongs to its caller alone. It is not shared through
 * the parent's children (so closing it breaks no other user of the parent), `store` replaces the
 * parent's cache setting when given, and `plugin` goes on every client it makes.
 */
export function ownedChild(parent: CredentialSession, options: AssumeRoleOptions, own: { store?: CredentialStore | null; plugin?: Core["plugin"] } = {}): CredentialSession {
  const core = coreOf(parent);
  const normalized = childOptions(parent, core, options);
  const store = own.store === undefined ? core.store : own.store ?? undefined;
  return viewOf(childCore(parent, core, normalized, { store, ...(own.plugin && { plugin: own.plugin }) }), parent.region);
}

/** For worker threads: the run's default role session name (store keys leave a default name out). */
export function useDefaultSessionName(session: CredentialSession, name: string): void {
  coreOf(session).defaultSessionName = name;
}

/** For SessionManager: the credential store a session's children use, if any. */
export function storeOf(session: CredentialSession): CredentialStore | undefined {
  return coreOf(session).store;
}

/** For SessionManager: how many SDK clients a session holds and when its credentials expire. */
export function holdings(session: CredentialSession): { clients: number; expiresAt?: Date } {
  const core = coreOf(session);
  const expiration = core.provider.current()?.expiration;
  return { clients: core.clients.size, ...(expiration && { expiresAt: expiration }) };
}

function viewOf(core: Core, region: string | undefined): CredentialSession {
  let view = core.views.get(region);
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

function closeCore(core: Core): void {
  for (const child of core.children.values()) closeCore(child);
  core.children.clear();
  core.closing.abort();
  core.closing = new AbortController();
  core.clients.destroyAll();
  if (core.ownsCores) core.cores.clear();
  if (core.parent && core.parent.core.children.get(core.parent.key) === core) core.parent.core.children.delete(core.parent.key);
  if (core.ownsPool) core.pool.destroy();
}

export type { AssumeRoleOptions, AssumedIdentity };
