// One resolved SDK client per (client class, region, overrides) for a whole session tree — the
// "core" — and, per session, a light client over it (issue 23). Building an SDK client resolves
// its runtime config, endpoint ruleset, user agent, retry and auth settings and installs ~10
// plugins (@aws-sdk/client-* constructors; @smithy/core/client Client): about 170 µs of CPU, paid
// for every (account, region) of a fan-out. A light client costs a clone of the core's middleware
// stack and a copy of its config.
//
// What stays per session (what a user sees as "their" client):
// - `middlewareStack`: a clone of the core's, so middleware a task adds runs for that session only;
//   the session's own plugins (expired-credential retry, SessionManager's counting) go on it too.
// - identity: the core's `credentials` is `dispatch`, which asks the provider of the light client
//   whose stack is running. The first middleware of every light stack enters that provider into an
//   AsyncLocalStorage, so every path that runs the stack (send, paginators, waiters, a presigner
//   that clones the stack) signs with the session's keys, however accounts interleave on a core.
//   `dispatch` is marked `memoized` so @aws-sdk/core does not wrap it in a cache of its own
//   (normalizeCredentialProvider in @aws-sdk/core/dist-cjs/submodules/httpAuthSchemes); the SigV4
//   signer is the core's, and its signing-key cache is keyed by the credentials
//   (@smithy/signature-v4 SignatureV4.getSigningKey), so accounts never share a key.
// - `config`: a copy of the core's with the session's provider as `credentials`.
// - the retry strategy: its own (standard mode keeps a retry quota per strategy: @smithy/core/retry
//   StandardRetryStrategy), so one throttled account cannot spend another's quota, as with a client
//   of its own. The SDK's retry middleware is put on the light stack again over that strategy
//   (getRetryPlugin's options override the core's by name).
import { AsyncLocalStorage } from "node:async_hooks";
import type * as Retry from "@smithy/core/retry";
import type { AwsCredentialIdentity, InitializeHandler, InitializeHandlerArguments, MetadataBearer, MiddlewareStack, Pluggable } from "@smithy/types";
import type { SdkClient } from "../client-cache.js";
import { sdkRequire } from "../sdk-require.js";

type Provider = (options?: Record<string, unknown>) => Promise<AwsCredentialIdentity>;
type RetryModule = typeof Retry;

interface CoreClient extends SdkClient {
  config: Record<string, unknown>;
  middlewareStack: MiddlewareStack<object, MetadataBearer>;
}

const current = new AsyncLocalStorage<Provider>();
// Resolved once: require() resolves its specifier again on every call (a stat per candidate path).
let retryModule: RetryModule | undefined;

/** The credentials of every core: the provider of the light client whose stack is running. */
export const dispatchCredentials: Provider & { memoized: true } = Object.assign(
  (options?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
    const provider = current.getStore();
    if (!provider) return Promise.reject(new Error("sessionfleet: a shared client core was used outside a session's client (no identity to sign with)"));
    return provider(options);
  },
  { memoized: true as const },
);

function identityPlugin(provider: Provider): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.add(
        (next: InitializeHandler<object, MetadataBearer>) => (args: InitializeHandlerArguments<object>) => current.run(provider, () => next(args)),
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

/**
 * A client for one session over a shared core: the core's prototype chain (so `instanceof`,
 * `send`, `destroy` are the SDK's), its own stack, config, identity and retry strategy.
 */
export function lightClient<C extends SdkClient>(shared: C, provider: Provider, plugins: ReadonlyArray<Pluggable<object, MetadataBearer> | undefined>, userRetryStrategy?: unknown): C {
  const core = shared as unknown as CoreClient;
  const { getRetryPlugin, resolveRetryConfig } = (retryModule ??= sdkRequire("@smithy/core/retry") as RetryModule);
  const config: Record<string, unknown> = { ...core.config, credentials: provider };
  // A fresh, lazily made strategy with the same settings (maxAttempts and retryMode are the
  // session's shared loaders); a strategy the user passed in stays the one object it was.
  const own = resolveRetryConfig({ maxAttempts: config.maxAttempts, retryMode: config.retryMode, ...(userRetryStrategy !== undefined && { retryStrategy: userRetryStrategy }) } as never) as { retryStrategy: unknown };
  config.retryStrategy = own.retryStrategy;
  const stack = core.middlewareStack.clone();
  stack.use(getRetryPlugin(config as never) as Pluggable<object, MetadataBearer>);
  stack.use(identityPlugin(provider));
  for (const plugin of plugins) if (plugin) stack.use(plugin);
  const light = Object.create(shared) as CoreClient;
  light.config = config;
  light.middlewareStack = stack;
  return light as unknown as C;
}
