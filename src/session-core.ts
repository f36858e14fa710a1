// What a CredentialSession is made of, below the class: the core that a session and all its region
// views share (one provider, one client cache, one pool), how a core is made and closed, and how a
// child's core gets its credentials from STS. session.ts builds the public class on it;
// session-internals.ts gives the library's other rooms (fan-out, SessionManager, SSO) their hooks.
import type { MetadataBearer, Pluggable } from "@smithy/types";
import type { STSClient } from "@aws-sdk/client-sts";
import type { ConnectionPool } from "./connections/pool.js";
import { ClientCache, type ClientClass, type SdkClient } from "./client-cache.js";
import type { ConfiguredEndpoints } from "./configured-endpoint.js";
import { normalizeAssumeRole, type AssumeRoleOptions, type NormalizedAssumeRole } from "./credentials/assume-role-options.js";
import { resolveAssumeRoleCredentials } from "./credentials/assume-role.js";
import { expiredCredentialRetryPlugin } from "./credentials/expired-retry.js";
import { checkChainedDuration } from "./credentials/role-chaining.js";
import { refreshingProvider, type RefreshingProvider } from "./credentials/refreshing.js";
import type { CredentialSource } from "./credentials/sources.js";
import { callerIdentity, storeKeyOf, withCredentialStore } from "./credentials/cached-source.js";
import type { CredentialStore } from "./credentials/store.js";
import type { SharedClientConfig } from "./shared-client-config.js";
import { sdkRequire } from "./sdk-require.js";
import type * as Sts from "@aws-sdk/client-sts";

/** Who a session's credentials belong to, from STS GetCallerIdentity. */
export interface SessionIdentity {
  accountId: string;
  arn: string;
  userId: string;
}

/** What a child's core needs of the session view it was made from (CredentialSession has it). */
export interface SessionView {
  readonly region: string | undefined;
  client<C extends SdkClient, A extends unknown[]>(ClientClass: ClientClass<C, A>): C;
  withRegion(region: string): SessionView;
  resolveRegion(): Promise<string>;
}

// Everything a session and all its region views share: one provider, one client cache, one pool.
export interface Core {
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
  /** The shared client cores of the session tree (clients/regional-core.ts), by class, region and overrides. */
  readonly cores: ClientCache;
  /** True for the session that made `cores` (its close() lets them go). */
  readonly ownsCores: boolean;
  readonly profile: string | undefined;
  readonly clients: ClientCache;
  readonly views: Map<string | undefined, SessionView>;
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
export const functionId = (fn: () => Promise<string>): number => {
  let id = functionIds.get(fn);
  if (id === undefined) functionIds.set(fn, (id = nextFunctionId++));
  return id;
};

export type CoreParts = Omit<Core, "source" | "provider" | "clients" | "views" | "children" | "retryPlugin" | "closing">;

export function makeCore(makeSource: (closing: () => AbortSignal) => CredentialSource, rest: CoreParts): Core {
  const core = { ...rest, clients: new ClientCache(), views: new Map(), children: new Map(), closing: new AbortController() } as Omit<Core, "source" | "provider" | "retryPlugin">;
  const source = makeSource(() => core.closing.signal);
  const provider = refreshingProvider(() => source.load());
  return Object.assign(core, { source, provider, retryPlugin: expiredCredentialRetryPlugin(provider) });
}

// A child's options, checked before any call: the parent's default session name, fixed once, and
// STS's one-hour cap when the parent's credentials are themselves a role's (role chaining).
export function childOptions(view: SessionView, core: Core, options: string | AssumeRoleOptions): NormalizedAssumeRole {
  core.defaultSessionName ??= `sessionfleet-${Math.floor(Date.now() / 1000)}`;
  const normalized = normalizeAssumeRole(options, { sessionName: core.defaultSessionName, region: view.region });
  if (core.roleArn !== undefined) checkChainedDuration(normalized.durationSeconds, `those of the assumed role ${core.roleArn}`);
  return normalized;
}

// A child's credentials come from STS through the parent's (region's) STS client, and through
// the store first when there is one.
export function childCore(view: SessionView, core: Core, options: NormalizedAssumeRole, own: { parent?: Core["parent"]; store: CredentialStore | undefined; plugin?: Core["plugin"] }): Core {
  const stsRegion = options.stsRegion ?? view.region;
  const sts = async (): Promise<STSClient> => {
    const { STSClient } = sdkRequire("@aws-sdk/client-sts") as typeof Sts;
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
 * Why a closed session's credential loads are aborted: the reason `abort()` gives by default, made
 * on the first close and kept. Made per close it cost a stack trace (~45 µs) per fan-out unit
 * (issue 23); made at import, it would load Node's DOMException with sessionfleet.
 */
let sessionClosed: DOMException | undefined;

export function closeCore(core: Core): void {
  for (const child of core.children.values()) closeCore(child);
  core.children.clear();
  core.closing.abort((sessionClosed ??= new DOMException("This operation was aborted", "AbortError")));
  core.closing = new AbortController();
  core.clients.destroyAll();
  if (core.ownsCores) core.cores.destroyAll();
  if (core.parent && core.parent.core.children.get(core.parent.key) === core) core.parent.core.children.delete(core.parent.key);
  if (core.ownsPool) core.pool.destroy();
}
