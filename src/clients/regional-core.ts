// One resolved SDK client per (client class, region, overrides) for a whole session tree — the
// "core" — shared by every session's light client over it (light-client.ts; issue 23). Building
// an SDK client resolves its runtime config, endpoint ruleset, user agent, retry and auth settings
// and installs ~10 plugins (@aws-sdk/client-* constructors; @smithy/core/client Client): about
// 170 µs of CPU, paid for every (account, region) of a fan-out.
//
// Each request on a core knows its session from the SDK's per-send handler context (the object
// every middleware of one send gets): a light client's stack puts its RequestSession there under
// SESSION before the request runs. No AsyncLocalStorage: in Node 20 it turns on promise hooks for
// every promise of the process, ~5% of a fan-out's CPU (docs/performance.md).
//
// What a core shares, and how each session keeps its own:
// - identity and signing: the core's `credentials` sign for no one (NO_ONE: reading its keys
//   throws). Right after the SDK's httpAuthSchemeMiddleware has chosen the auth scheme, the core's
//   `sessionfleetSessionAuth` middleware puts the session's identity in its place and gives the
//   SigV4 signer the session's signing config: the SDK's signer (@aws-sdk/core AwsSdkSigV4Signer)
//   signs with the signer that `signingProperties.config.signer(authScheme)` returns and that
//   signer's own credentials, not with the chosen identity, so the session gets a signer of its own
//   made as resolveAwsSdkSigV4Config makes one, with its credentials. A request that reaches the
//   core without a session fails there, before anything is sent.
// - the retry strategy: the core's retryMiddleware is a dispatcher to the session's own retry
//   middleware over its own strategy (standard mode keeps a retry quota per strategy:
//   @smithy/core/retry StandardRetryStrategy), so one throttled account cannot spend another's.
// - the session's own middleware (expired-credential retry, SessionManager's counting): the core's
//   stack holds, at the same step, priority and name, a dispatcher that runs the session's
//   middleware of that name, or nothing for a session without one.
import type { AwsCredentialIdentity, MetadataBearer, Pluggable } from "@smithy/types";

export type Provider = (options?: Record<string, unknown>) => Promise<AwsCredentialIdentity>;
export type Middleware = (next: unknown, context: unknown) => (args: unknown) => unknown;

/** The key of a request's session in the SDK's handler context. */
export const SESSION = Symbol("sessionfleet.session");

/** What a request on a shared core needs to know of the session it runs for. */
export interface RequestSession {
  readonly provider: Provider;
  /** The session's own middleware, by name, run by the core's dispatchers. */
  readonly middleware: ReadonlyMap<string, Middleware>;
  /** The config the SDK's signer reads for this session's requests (made on first use). */
  signingConfig(): object;
}

type Context = { [SESSION]?: RequestSession; __smithy_context?: { selectedHttpAuthScheme?: SelectedScheme } };
interface SelectedScheme {
  identity?: unknown;
  httpAuthOption?: { identityProperties?: Record<string, unknown>; signingProperties?: { config?: unknown } };
}

function noSession(): Error {
  return new Error("sessionfleet: a shared client core was used outside a session's client (no identity to sign with)");
}

/** The identity of a core: whoever reads its keys learns it signs for no one. */
const NO_ONE: AwsCredentialIdentity = Object.defineProperties({} as AwsCredentialIdentity, {
  accessKeyId: { get: () => { throw noSession(); }, enumerable: true },
  secretAccessKey: { get: () => { throw noSession(); }, enumerable: true },
});

/**
 * The credentials of every core. Marked `memoized` so @aws-sdk/core does not wrap them in a cache
 * of its own (normalizeCredentialProvider in @aws-sdk/core/dist-cjs/submodules/httpAuthSchemes).
 */
export const coreCredentials: Provider & { memoized: true } = Object.assign(async (): Promise<AwsCredentialIdentity> => NO_ONE, { memoized: true as const });

/** Marks `context` as a request of `identity`'s session. */
export function enterSession(context: unknown, identity: RequestSession): void {
  (context as Context)[SESSION] = identity;
}

/**
 * A core's middleware right after httpAuthSchemeMiddleware: the session's identity for the chosen
 * scheme, and the session's signing config for a SigV4 signer set up with the core's.
 */
export function sessionAuthMiddleware(coreConfig: object, ownSigner: boolean): Middleware {
  return (next, context) => async (args) => {
    const session = (context as Context)[SESSION];
    if (!session) throw noSession();
    const scheme = (context as Context).__smithy_context?.selectedHttpAuthScheme;
    if (scheme?.identity === NO_ONE) scheme.identity = await session.provider(scheme.httpAuthOption?.identityProperties ?? {});
    const properties = scheme?.httpAuthOption?.signingProperties;
    if (!ownSigner && properties?.config === coreConfig) properties.config = session.signingConfig();
    return (next as (args: unknown) => unknown)(args);
  };
}

/** A core's stand-in for the session middleware called `name` (`fallback` for no such session middleware). */
export function dispatchMiddleware(name: string, fallback?: Middleware): Middleware {
  return (next, context) => (args) => {
    const own = (context as Context)[SESSION]?.middleware.get(name) ?? fallback;
    return own ? own(next, context)(args) : (next as (args: unknown) => unknown)(args);
  };
}

/** The first middleware of a light client's own stack: its requests are its session's. */
export function identityPlugin(identity: RequestSession): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.add(
        ((next: unknown, context: unknown) => {
          enterSession(context, identity);
          return next;
        }) as never,
        { step: "initialize", priority: "high", name: "sessionfleetIdentity", tags: ["SESSIONFLEET"], override: true },
      );
    },
  };
}
