import type * as NodeHttpHandlerModule from "@smithy/node-http-handler";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandler, HttpRequest, HttpResponse } from "@smithy/core/protocols";
import type { HttpHandlerOptions } from "@smithy/types";
import { checkOptionsObject, checkPositiveInteger, checkWholeMs } from "../validate.js";
import { sdkRequire } from "../sdk-require.js";
import { trustedAuthorities } from "./trust.js";
import { countingHttpAgent, countingHttpsAgent, idleSockets, openSockets, SocketCounter } from "./counting-agents.js";
import { forwardThroughProxy, proxySettings, tunnelThroughProxy } from "./proxy.js";

/** Options of a {@link ConnectionPool}. Every field is optional. */
export interface ConnectionPoolOptions {
  /** Sockets per host (per regional endpoint). Default 256: a fan-out at concurrency 64+ never queues. */
  maxSocketsPerHost?: number;
  /** An idle keep-alive socket is closed after this long. Default 15 000 ms. */
  idleTimeoutMs?: number;
  /** Time allowed to open a TCP (and TLS) connection. Default 5 000 ms. */
  connectTimeoutMs?: number;
  /** Time allowed for a response once the request is sent; 0 = none. Default 0. Unlike the SDK's own
   * `requestTimeout`, this one fails the request (`throwOnRequestTimeout`) instead of only logging. */
  requestTimeoutMs?: number;
  /**
   * A request whose socket sends and receives nothing for this long fails with a `TimeoutError`
   * (the SDK retries it): a hung server costs this much, never forever. An RPC answer (query, EC2,
   * JSON 1.0/1.1 protocols) still arriving this long after its headers is cut off the same way, so
   * a server that trickles bytes costs no more. Default 120 000 ms, the
   * AWS SDK for JavaScript v2's default socket timeout (`httpOptions.timeout`); v3 has none. Raise
   * it (or 0 for none) for calls that are silent for long on purpose, e.g. a synchronous Lambda
   * Invoke of a long function.
   */
  socketTimeoutMs?: number;
  /**
   * Extra certificate authorities (PEM) for HTTPS endpoints, e.g. a corporate proxy's: trusted in
   * addition to Node's own. Default: Node's, or those of the PEM file `AWS_CA_BUNDLE` names
   * instead of them, as the AWS CLI reads it.
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * An http:// proxy for every endpoint (`http://user:password@proxy:3128` sends
   * Proxy-Authorization), or `false` for none. Default: the environment's `HTTPS_PROXY` (HTTPS
   * endpoints, through a CONNECT tunnel) and `HTTP_PROXY` (plain HTTP ones), upper or lower case,
   * as the AWS CLI and boto3 read them; `NO_PROXY` lists hosts reached directly either way, and
   * loopback hosts always are. The AWS SDK for JavaScript v3 reads none of these itself.
   */
  proxy?: string | false;
}

/** What a pool has done so far. */
export interface ConnectionPoolStats {
  socketsCreated: number;
  socketsOpen: number;
  socketsIdle: number;
  requests: number;
  byHost: Record<string, { socketsCreated: number; socketsOpen: number; requests: number }>;
}

const OPTION_NAMES = ["maxSocketsPerHost", "idleTimeoutMs", "connectTimeoutMs", "requestTimeoutMs", "socketTimeoutMs", "ca", "proxy"] as const;
/** {@link ConnectionPoolOptions.socketTimeoutMs} when not given. */
export const DEFAULT_SOCKET_TIMEOUT_MS = 120_000;

const socketTimeouts = new WeakMap<ConnectionPool, number>();
/** A pool's socketTimeoutMs (0: none), which also bounds how long an answer read whole may keep arriving (arriving-answer.ts). */
export function socketTimeoutOf(pool: ConnectionPool): number {
  return socketTimeouts.get(pool) ?? DEFAULT_SOCKET_TIMEOUT_MS;
}

/**
 * One pair of keep-alive agents behind one `NodeHttpHandler`, shared by every client of every
 * session built on it, so calls to the same regional endpoint reuse sockets across accounts.
 * Idle sockets are unreferenced: they never keep the process alive.
 *
 * Clients receive {@link ConnectionPool.requestHandler}, whose `destroy()` does nothing: the SDK's
 * `client.destroy()` would otherwise destroy the shared agents under other clients' requests.
 * Only `pool.destroy()` ends the sockets.
 *
 * @example
 * ```ts
 * import { ConnectionPool, CredentialSession } from "sessionfleet";
 * const pool = new ConnectionPool({ maxSocketsPerHost: 64 });
 * const session = new CredentialSession({ region: "us-east-1", pool });
 * // ... session.client(...).send(...)
 * console.log(pool.stats().socketsCreated);
 * pool.destroy();
 * ```
 */
export class ConnectionPool {
  /** The handler to give SDK clients (`requestHandler`). */
  readonly requestHandler: HttpHandler<HttpHandlerOptions>;
  readonly #handler: NodeHttpHandler;
  readonly #counter = new SocketCounter();
  readonly #httpAgent;
  readonly #httpsAgent;
  #destroyed = false;

  constructor(options: ConnectionPoolOptions = {}) {
    checkOptionsObject(options, "ConnectionPool options", OPTION_NAMES);
    const maxSockets = options.maxSocketsPerHost === undefined ? 256 : checkPositiveInteger(options.maxSocketsPerHost, "maxSocketsPerHost", 100_000);
    const idleTimeoutMs = options.idleTimeoutMs === undefined ? 15_000 : checkPositiveInteger(options.idleTimeoutMs, "idleTimeoutMs");
    const connectTimeoutMs = options.connectTimeoutMs === undefined ? 5_000 : checkPositiveInteger(options.connectTimeoutMs, "connectTimeoutMs");
    const requestTimeoutMs = checkWholeMs(options.requestTimeoutMs ?? 0, "requestTimeoutMs");
    const socketTimeoutMs = checkWholeMs(options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS, "socketTimeoutMs");
    socketTimeouts.set(this, socketTimeoutMs);
    const agentOptions = { keepAlive: true, maxSockets, timeout: idleTimeoutMs, scheduling: "lifo" as const };
    const proxies = proxySettings(options.proxy);
    this.#httpAgent = countingHttpAgent(agentOptions, this.#counter, proxies && ((agent) => forwardThroughProxy(agent, proxies)));
    const ca = trustedAuthorities(options.ca);
    this.#httpsAgent = countingHttpsAgent({ ...agentOptions, ...(ca !== undefined && { ca }) }, this.#counter, proxies && ((agent) => tunnelThroughProxy(agent, proxies, connectTimeoutMs)));
    const { NodeHttpHandler: Handler } = sdkRequire("@smithy/node-http-handler") as typeof NodeHttpHandlerModule;
    this.#handler = new Handler({
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      connectionTimeout: connectTimeoutMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: requestTimeoutMs > 0,
      socketTimeout: socketTimeoutMs,
    });
    const handler = this.#handler;
    const counter = this.#counter;
    this.requestHandler = {
      metadata: handler.metadata,
      handle(request: HttpRequest, handlerOptions?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
        counter.host(`${request.hostname}:${request.port ?? ""}`).requests++;
        return handler.handle(request, handlerOptions);
      },
      // Deliberately empty: see the class comment.
      destroy() {},
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    };
  }

  /** Sockets created, open and idle, and requests sent, in all and per host. */
  stats(): ConnectionPoolStats {
    const byHost: ConnectionPoolStats["byHost"] = {};
    let socketsCreated = 0;
    let socketsOpen = 0;
    let requests = 0;
    for (const [host, counters] of this.#counter.byHost) {
      const open = openSockets(counters);
      byHost[host] = { socketsCreated: counters.socketsCreated, socketsOpen: open, requests: counters.requests };
      socketsCreated += counters.socketsCreated;
      socketsOpen += open;
      requests += counters.requests;
    }
    const socketsIdle = idleSockets(this.#httpAgent) + idleSockets(this.#httpsAgent);
    return { socketsCreated, socketsOpen, socketsIdle, requests, byHost };
  }

  /** True once {@link ConnectionPool.destroy} has run. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Closes every socket, idle or busy. Requests in flight fail. */
  destroy(): void {
    this.#destroyed = true;
    this.#handler.destroy();
    if (defaultPoolInstance === this) defaultPoolInstance = undefined;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const { socketsOpen, requests } = this.stats();
    return `ConnectionPool { socketsOpen: ${socketsOpen}, requests: ${requests}${this.#destroyed ? ", destroyed" : ""} }`;
  }
}

let defaultPoolInstance: ConnectionPool | undefined;

/** The process-wide pool used by sessions that are not given one. Made on first use. */
export function defaultPool(): ConnectionPool {
  defaultPoolInstance ??= new ConnectionPool();
  return defaultPoolInstance;
}
