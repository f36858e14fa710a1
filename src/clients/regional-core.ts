// One resolved SDK client per (client class, region, overrides) for a whole session tree — the
// "core" — shared by every session's light client over it (light-client.ts; issue 23). Building
// an SDK client resolves its runtime config, endpoint ruleset, user agent, retry and auth settings
// and installs ~10 plugins (@aws-sdk/client-* constructors; @smithy/core/client Client): about
// 170 µs of CPU, paid for every (account, region) of a fan-out.
//
// What a core shares, and how each session keeps its own:
// - identity: the core's `credentials` is `dispatchCredentials`, which asks the session whose
//   request is running. A light client's `send` (and the first middleware of a light client's own
//   stack, for paths that run the stack without `send`, like a presigner) enters that session's
//   `SessionIdentity` into an AsyncLocalStorage, so every request signs with its session's keys
//   however accounts interleave on a core. `dispatchCredentials` is marked `memoized` so
//   @aws-sdk/core does not wrap it in a cache of its own (normalizeCredentialProvider in
//   @aws-sdk/core/dist-cjs/submodules/httpAuthSchemes); the SigV4 signer is the core's, and its
//   signing-key cache is keyed by the credentials (@smithy/signature-v4
//   SignatureV4.getSigningKey), so accounts never share a key.
// - the retry strategy: the core's retry middleware reads `config.retryStrategy` on every request
//   (@smithy/core/retry retryMiddleware), which on a core asks the running session's light client
//   for its own strategy. Standard mode keeps a retry quota per strategy (StandardRetryStrategy),
//   so one throttled account cannot spend another's, as with a client of its own.
// - the session's own middleware (expired-credential retry, SessionManager's counting): the core's
//   stack holds, at the same step, priority and name, a dispatcher that runs the running session's
//   middleware of that name, or nothing for a session without one.
import { AsyncLocalStorage } from "node:async_hooks";
import type { AwsCredentialIdentity, InitializeHandler, InitializeHandlerArguments, MetadataBearer, Pluggable } from "@smithy/types";
import type { SdkClient } from "../client-cache.js";

export type Provider = (options?: Record<string, unknown>) => Promise<AwsCredentialIdentity>;
export type Middleware = (next: unknown, context: unknown) => (args: unknown) => unknown;

/** What a request on a shared core needs to know of the session it runs for. */
export interface SessionIdentity {
  readonly provider: Provider;
  /** The light client's own retry strategy (as the SDK's config holds it: a provider). */
  readonly retryStrategy: () => Promise<unknown>;
  /** The session's own middleware, by name, run by the core's dispatchers. */
  readonly middleware: ReadonlyMap<string, Middleware>;
}

const current = new AsyncLocalStorage<SessionIdentity>();

/** Runs `work` as a request of `identity`'s session. */
export function asSession<R>(identity: SessionIdentity, work: () => R): R {
  return current.run(identity, work);
}

/** The credentials of every core: the provider of the session whose request is running. */
export const dispatchCredentials: Provider & { memoized: true } = Object.assign(
  (options?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
    const identity = current.getStore();
    if (!identity) return Promise.reject(new Error("sessionfleet: a shared client core was used outside a session's client (no identity to sign with)"));
    return identity.provider(options);
  },
  { memoized: true as const },
);

/** A core's `config.retryStrategy`: the running session's own, else the core's. */
export function dispatchRetryStrategy(coreOwn: () => Promise<unknown>): () => Promise<unknown> {
  return () => (current.getStore()?.retryStrategy ?? coreOwn)();
}

/** A core's stand-in for the session middleware called `name`. */
export function dispatchMiddleware(name: string): Middleware {
  return (next, context) => (args) => {
    const own = current.getStore()?.middleware.get(name);
    return own ? own(next, context)(args) : (next as (args: unknown) => unknown)(args);
  };
}

/** The first middleware of a light client's own stack: its requests are its session's. */
export function identityPlugin(identity: SessionIdentity): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.add(
        (next: InitializeHandler<object, MetadataBearer>) => (args: InitializeHandlerArguments<object>) => current.run(identity, () => next(args)),
        { step: "initialize", priority: "high", name: "sessionfleetIdentity", tags: ["SESSIONFLEET"], override: true },
      );
    },
  };
}

/** The shared cores of a session tree, by client class and key (region and overrides). */
export class RegionalCores {
  readonly #byClass = new Map<object, Map<string, SdkClient>>();

  getOrCreate<C extends SdkClient>(ClientClass: object, key: string, create: () => C): C {
    let cores = this.#byClass.get(ClientClass);
    if (!cores) this.#byClass.set(ClientClass, (cores = new Map()));
    let core = cores.get(key) as C | undefined;
    if (!core) cores.set(key, (core = create()));
    return core;
  }

  clear(): void {
    this.#byClass.clear();
  }
}
