// A session's client over a shared core (regional-core.ts): what `session.client(RDSClient)`
// returns (issue 23). It is an RDSClient to its user: the core's prototype chain, so `instanceof`,
// `send`, `destroy`, paginators and waiters are the SDK's own (and a test's stub of
// `RDSClient.prototype.send`, as aws-sdk-client-mock makes, still answers). What is its own:
// - `middlewareStack`: until someone changes or reads it, a stand-in (LightStack) whose `concat` —
//   all that `send` asks of it — resolves the core's compiled stack (compiled-stack.ts) with the
//   session in the send's handler context. Anything else makes the light client's own
//   stack (a clone of the core's with the identity middleware first) and from then on it is that,
//   so middleware a task adds runs for that session only.
// - `config`: a copy of the core's with the session's provider as `credentials`, made on first use.
// - identity, retry strategy and the session's middleware, dispatched by the core (regional-core.ts).
// Sessions that bring middleware the core cannot dispatch (anything but named, absolute entries)
// get their own stack at once.
import type { MetadataBearer, MiddlewareStack, Pluggable } from "@smithy/types";
import type * as Retry from "@smithy/core/retry";
import type { SdkClient } from "../client-cache.js";
import { sdkRequire } from "../sdk-require.js";
import { compiledStack, entriesOf as recordEntries } from "./compiled-stack.js";
import { withFastProperties } from "./fast-properties.js";
import { remembered } from "./remembered.js";
import { withSessionSigningKeys } from "./signing-keys.js";
import { dispatchMiddleware, enterSession, identityPlugin, sessionAuthMiddleware, type Middleware, type Provider, type RequestSession } from "./regional-core.js";

type AnyStack = MiddlewareStack<object, MetadataBearer>;

interface CoreClient extends SdkClient {
  config: Record<string, unknown>;
  middlewareStack: AnyStack;
}

interface LightState {
  readonly identity: RequestSession;
  /** Plugins the core cannot dispatch: they go on the light client's own stack. */
  readonly ownPlugins: readonly Pluggable<object, MetadataBearer>[];
  /** Its own retry strategy, as the SDK's config holds one (a provider). */
  readonly retryStrategy: () => Promise<unknown>;
  stack?: AnyStack;
  lazy?: LightStack;
  config?: Record<string, unknown>;
}

interface CoreState {
  proto: object;
  readonly dispatched: Set<string>;
  compiled?: AnyStack;
  /** A plain copy of the core's config that light clients' configs are copied from (a spread of the
   * core's, a prototype since withFastProperties, is slower than a spread of a plain object). */
  template?: Record<string, unknown>;
  /** What every session's signing config inherits (see signingBase). */
  signingBase?: object;
  /** The class of the core's signer per auth scheme, asked of the core's `signer` once. */
  readonly signerClasses: Map<string, Promise<SignerClass>>;
}

const STATE = Symbol("sessionfleet.lightClient");
const cores = new WeakMap<object, CoreState>();
// Resolved once: require() resolves its specifier again on every call (a stat per candidate path).
let retryModule: typeof Retry | undefined;

interface Recorded {
  readonly dispatchable: readonly { name: string; options: Record<string, unknown>; middleware: Middleware }[];
  readonly whole: boolean;
}
const recordedPlugins = new WeakMap<object, Recorded>();

/** What a session plugin adds, once per plugin: absolute, named entries can be dispatched. */
function record(plugin: Pluggable<object, MetadataBearer>): Recorded {
  let found = recordedPlugins.get(plugin);
  if (found) return found;
  let entries: ReturnType<typeof recordEntries> = [];
  let whole = true;
  try {
    // A plugin adds to a stack through the same hook a stack clones itself with.
    entries = recordEntries(plugin as unknown as AnyStack);
  } catch {
    whole = false;
  }
  const dispatchable = entries.flatMap(({ relative, middleware, options }) =>
    !relative && typeof options.name === "string" ? [{ name: options.name, options, middleware: middleware as Middleware }] : []);
  found = { dispatchable, whole: whole && dispatchable.length === entries.length };
  recordedPlugins.set(plugin, found);
  return found;
}

/**
 * The core's state. The first light client of a core sets the core up for sessions: its retry
 * middleware becomes a dispatcher, the session auth middleware goes right after the SDK's auth
 * scheme choice, and its config gets fast properties.
 */
function stateOf(core: CoreClient, ownSigner: boolean): CoreState {
  const state = cores.get(core);
  if (state) return state;
  const stack = core.middlewareStack;
  for (const entry of recordEntries(stack)) {
    if (entry.options.name !== "retryMiddleware" || entry.relative) continue;
    stack.add(dispatchMiddleware("retryMiddleware", entry.middleware as Middleware) as never, { ...entry.options, override: true } as never);
  }
  stack.addRelativeTo(sessionAuthMiddleware(core.config, ownSigner) as never, {
    relation: "after", toMiddleware: "httpAuthSchemeMiddleware", name: "sessionfleetSessionAuth", tags: ["SESSIONFLEET"], override: true,
  } as never);
  withFastProperties(core.config);
  const created: CoreState = { dispatched: new Set(), proto: core, signerClasses: new Map() };
  // `send`, `destroy` and the rest stay the SDK's (so a test's stub of RDSClient.prototype.send,
  // as aws-sdk-client-mock makes, still answers); only the stack and config are the session's.
  created.proto = Object.create(core, {
    middlewareStack: {
      get(this: Light) {
        const light = this[STATE];
        if (!light) return core.middlewareStack;
        return light.stack ?? (light.lazy ??= new LightStack(core, created, light));
      },
      set(this: Light, stack: AnyStack) {
        const light = this[STATE];
        if (light) light.stack = stack;
        else Object.defineProperty(this, "middlewareStack", { value: stack, writable: true, configurable: true });
      },
      configurable: true,
    },
    config: {
      get(this: Light) {
        const light = this[STATE];
        if (!light) return core.config;
        return (light.config ??= { ...(created.template ??= { ...core.config }), credentials: light.identity.provider, retryStrategy: light.retryStrategy });
      },
      set(this: Light, config: Record<string, unknown>) {
        const light = this[STATE];
        if (light) light.config = config;
        else Object.defineProperty(this, "config", { value: config, writable: true, configurable: true });
      },
      configurable: true,
    },
  }) as object;
  cores.set(core, created);
  return created;
}

/**
 * A light client's stack until someone changes or reads it: `concat` (all that `send` asks of it,
 * through Command.resolveMiddleware) resolves the core's compiled stack and enters the session's
 * identity around the whole handler; anything else makes the light client's own stack and asks it.
 */
class LightStack {
  constructor(
    private readonly core: CoreClient,
    private readonly coreState: CoreState,
    private readonly light: LightState,
  ) {}

  #own(): AnyStack {
    return (this.light.stack ??= ownStack(this.core, this.light));
  }

  concat(from: AnyStack): AnyStack {
    if (this.light.stack) return this.light.stack.concat(from);
    const compiled = (this.coreState.compiled ??= compiledStack(this.core.middlewareStack));
    const resolved = compiled.concat(from);
    const { identity } = this.light;
    return {
      resolve(handler: never, context: never) {
        enterSession(context, identity);
        return resolved.resolve(handler, context);
      },
      identify: () => resolved.identify(),
      identifyOnResolve: () => resolved.identifyOnResolve(),
    } as AnyStack;
  }

  add(...args: Parameters<AnyStack["add"]>): void {
    this.#own().add(...args);
  }

  addRelativeTo(...args: Parameters<AnyStack["addRelativeTo"]>): void {
    this.#own().addRelativeTo(...args);
  }

  use(plugin: Pluggable<object, MetadataBearer>): void {
    this.#own().use(plugin);
  }

  remove(toRemove: Parameters<AnyStack["remove"]>[0]): boolean {
    return this.#own().remove(toRemove);
  }

  removeByTag(tag: string): boolean {
    return this.#own().removeByTag(tag);
  }

  clone(): AnyStack {
    return this.#own().clone();
  }

  applyToStack(stack: AnyStack): void {
    this.#own().applyToStack(stack);
  }

  identify(): string[] {
    return this.#own().identify();
  }

  identifyOnResolve(toggle?: boolean): boolean {
    return this.#own().identifyOnResolve(toggle);
  }

  resolve(...args: Parameters<AnyStack["resolve"]>): ReturnType<AnyStack["resolve"]> {
    return this.#own().resolve(...args);
  }
}

interface Light {
  [STATE]: LightState | undefined;
}

function ownStack(core: CoreClient, light: LightState): AnyStack {
  const stack = core.middlewareStack.clone();
  stack.use(identityPlugin(light.identity));
  for (const plugin of light.ownPlugins) stack.use(plugin);
  return stack;
}

/** The core gets a dispatcher (same step, priority and name) for every session middleware it meets. */
function dispatch(core: CoreClient, state: CoreState, entries: Recorded["dispatchable"]): void {
  for (const { name, options } of entries) {
    if (state.dispatched.has(name)) continue;
    state.dispatched.add(name);
    core.middlewareStack.add(dispatchMiddleware(name) as never, { ...options, override: true } as never);
    // The order changed: compile again on the next send.
    state.compiled = undefined;
  }
}

/**
 * A client for one session over a shared core: the core's prototype chain, the session's identity
 * and middleware, and a retry strategy of its own (`userRetryStrategy`, when the user passed one,
 * stays the one object it was).
 */
export function lightClient<C extends SdkClient>(
  shared: C,
  provider: Provider,
  plugins: ReadonlyArray<Pluggable<object, MetadataBearer> | undefined>,
  { retryStrategy: userRetryStrategy, ownSigner = false }: { retryStrategy?: unknown; ownSigner?: boolean } = {},
): C {
  const core = shared as unknown as CoreClient;
  const state = stateOf(core, ownSigner);
  const middleware = new Map<string, Middleware>();
  const ownPlugins: Pluggable<object, MetadataBearer>[] = [];
  for (const plugin of plugins) {
    if (!plugin) continue;
    const recorded = record(plugin);
    if (!recorded.whole) {
      ownPlugins.push(plugin);
      continue;
    }
    dispatch(core, state, recorded.dispatchable);
    for (const entry of recorded.dispatchable) middleware.set(entry.name, entry.middleware);
  }
  const config = core.config;
  let strategy: (() => Promise<unknown>) | undefined;
  const retryStrategy = (): Promise<unknown> => {
    strategy ??= (retry().resolveRetryConfig({ maxAttempts: config.maxAttempts, retryMode: config.retryMode, ...(userRetryStrategy !== undefined && { retryStrategy: userRetryStrategy }) } as never) as { retryStrategy: () => Promise<unknown> }).retryStrategy;
    return strategy();
  };
  // The SDK's retry middleware over the light client's own strategy, made on its first request.
  let retrying: Middleware | undefined;
  middleware.set("retryMiddleware", (next, context) => (retrying ??= retry().retryMiddleware({ retryStrategy, maxAttempts: config.maxAttempts, logger: config.logger } as never) as unknown as Middleware)(next, context));
  let signing: object | undefined;
  const identity: RequestSession = {
    provider,
    middleware,
    signingConfig: () => (signing ??= sessionSigningConfig(config, state, provider)),
  };
  const light = Object.create(state.proto) as Light;
  light[STATE] = { identity, ownPlugins, retryStrategy };
  if (ownPlugins.length > 0) light[STATE].stack = ownStack(core, light[STATE]);
  return light as unknown as C;
}

function retry(): typeof Retry {
  return (retryModule ??= sdkRequire("@smithy/core/retry") as typeof Retry);
}

type SignerFactory = (authScheme?: { name?: string; signingRegion?: string; signingName?: string }) => Promise<object>;
type SignerClass = new (options: Record<string, unknown>) => object;

/**
 * What the SDK's SigV4 signer reads of a config for one session's requests: the core's config with
 * the session's credentials and signers. A signer is made as @aws-sdk/core's
 * resolveAwsSdkSigV4Config makes the core's (its class, `{ ...config, credentials, region:
 * signingRegion, service: signingName, sha256, uriEscapePath: signingEscapePath }`), once per auth
 * scheme instead of once per request. The class is the one the core's own `signer` makes for that
 * scheme, asked once per core (that call also settles the core's signingRegion and signingName, as
 * the SDK's first request would). A clock skew the signer learns is the core's, as before.
 */
function sessionSigningConfig(coreConfig: Record<string, unknown>, state: CoreState, provider: Provider): object {
  const signers = new Map<string, Promise<object>>();
  const signing = Object.create((state.signingBase ??= signingBase(coreConfig))) as { credentials: Provider; signer: SignerFactory };
  signing.credentials = provider;
  signing.signer = (authScheme) => {
    const key = `${authScheme?.name}|${authScheme?.signingRegion}|${authScheme?.signingName}`;
    return remembered(signers, key, async () => {
      const Signer = await remembered(state.signerClasses, key, async () => (await (coreConfig.signer as SignerFactory)(authScheme)).constructor as SignerClass);
      const c = coreConfig;
      const own = { credentials: provider, region: c.signingRegion, service: c.signingName, sha256: c.sha256, uriEscapePath: c.signingEscapePath };
      // The SDK's SignatureV4 reads nothing else of its options (@smithy/signature-v4
      // SignatureV4Base's constructor); any other class gets the whole config, as the SDK gives it.
      return withSessionSigningKeys(new Signer(Signer === sdkSignatureV4() ? { applyChecksum: c.applyChecksum, ...own } : { ...c, ...own }));
    });
  };
  return signing;
}

let signatureV4: unknown;
function sdkSignatureV4(): unknown {
  return (signatureV4 ??= (sdkRequire("@smithy/signature-v4") as { SignatureV4: unknown }).SignatureV4);
}

/**
 * The core's config as every session's signing config sees it: its own `credentials` and `signer`
 * (plain slots, so setting them on a session's config never reaches the core's accessors), and
 * `systemClockOffset` read from and written to the core.
 */
function signingBase(coreConfig: Record<string, unknown>): object {
  return Object.create(coreConfig, {
    credentials: { value: undefined, writable: true, enumerable: true },
    signer: { value: undefined, writable: true, enumerable: true },
    systemClockOffset: {
      get: () => coreConfig.systemClockOffset,
      set: (offset: unknown) => void (coreConfig.systemClockOffset = offset),
      enumerable: true,
    },
  }) as object;
}
