// An HTTP proxy between the pool and AWS, as the AWS CLI and boto3 use one: HTTPS_PROXY for HTTPS
// endpoints (a CONNECT tunnel, TLS end to end), HTTP_PROXY for plain HTTP ones (the request in
// absolute form), NO_PROXY for hosts to reach directly. The AWS SDK for JavaScript v3 reads none of
// these ("Configure proxies for Node.js" in its developer guide: bring an agent of your own), and a
// session's clients cannot be given another handler, so the pool does it. Loopback hosts are always
// reached directly: a proxy cannot reach this machine's loopback (the sandbox, a local emulator,
// the exec children's credential server).
// Sources: RFC 9110 §9.3.6 (CONNECT) and §7.1 (absolute-form for proxies), RFC 9110 §11.7.1
// (Proxy-Authorization); NO_PROXY as Python's urllib.request.proxy_bypass_environment reads it
// (botocore's): "*", or names matched as the host or a suffix after a dot, with an optional port.
import type { Agent as HttpAgent, ClientRequest } from "node:http";
import type { Socket } from "node:net";
import { invalidInput } from "../errors.js";
import { nodeHttp, nodeTls } from "../node-builtins.js";

/** Where a pool's requests go: a proxy per scheme, and the hosts that bypass it. */
export interface ProxySettings {
  readonly http: URL | undefined;
  readonly https: URL | undefined;
  readonly noProxy: readonly string[];
}

/**
 * The pool's proxies: `option` (one proxy for both schemes, or `false` for none), else the
 * environment's HTTPS_PROXY / HTTP_PROXY (upper or lower case), with NO_PROXY either way.
 */
export function proxySettings(option: unknown, env: NodeJS.ProcessEnv = process.env): ProxySettings | undefined {
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? "").split(",").map((n) => n.trim().toLowerCase()).filter((n) => n !== "");
  if (option === false) return undefined;
  if (option !== undefined) {
    const url = proxyUrl(option, "proxy");
    return { http: url, https: url, noProxy };
  }
  const https = env.HTTPS_PROXY ?? env.https_proxy;
  const http = env.HTTP_PROXY ?? env.http_proxy;
  if (!https && !http) return undefined;
  return { https: https ? proxyUrl(https, env.HTTPS_PROXY ? "HTTPS_PROXY" : "https_proxy") : undefined, http: http ? proxyUrl(http, env.HTTP_PROXY ? "HTTP_PROXY" : "http_proxy") : undefined, noProxy };
}

function proxyUrl(value: unknown, option: string): URL {
  const text = typeof value === "string" ? value.trim() : "";
  // "proxy:3128" without a scheme means http://, as curl and urllib take it.
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const url = text !== "" && URL.canParse(full) ? new URL(full) : undefined;
  if (!url || url.protocol !== "http:" || url.hostname === "") {
    throw invalidInput(option, url ? `${url.protocol}//${url.host}` : typeof value === "string" ? "(not a URL)" : `(${typeof value})`, "an http:// proxy URL such as http://proxy.example.com:3128 (https:// proxies are not supported), or false for none");
  }
  return url;
}

/** The proxy for a request to `host:port` over `scheme`, or undefined to go directly. */
export function proxyFor(settings: ProxySettings | undefined, scheme: "http" | "https", host: string, port: number): URL | undefined {
  const proxy = settings?.[scheme];
  const name = bareHost(host);
  if (!proxy || isLoopback(name)) return undefined;
  for (const entry of settings!.noProxy) {
    if (entry === "*") return undefined;
    const [entryHost = "", entryPort] = splitPort(entry);
    if (entryPort !== undefined && Number(entryPort) !== port) continue;
    const bare = entryHost.replace(/^\./, "");
    if (name === bare || name.endsWith(`.${bare}`)) return undefined;
  }
  return proxy;
}

function splitPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2]];
  const match = /^([^:]+):(\d+)$/.exec(entry);
  return match ? [match[1]!, match[2]] : [entry, undefined];
}

/** A host name as compared: lower case, an IPv6 address without its brackets. */
function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, "").toLowerCase();
}

function isLoopback(name: string): boolean {
  return name === "localhost" || name.endsWith(".localhost") || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** The Proxy-Authorization header for a proxy URL with user:password, else undefined. */
function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  return `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}`;
}

/** The proxy as messages name it: never its user or password. */
function shown(proxy: URL): string {
  return `http://${proxy.host}`;
}

type ConnectionOptions = Record<string, unknown> & { host?: string; port?: number | string; servername?: string; timeout?: number };
type CreateConnection = (options: ConnectionOptions, callback: (error: Error | null, socket?: Socket) => void) => Socket | undefined;

/**
 * HTTPS through the proxy: the https agent's new connections to proxied hosts are a CONNECT
 * tunnel through the proxy with TLS to the endpoint inside it (certificate checked against the
 * endpoint's name, the pool's `ca` included). Keep-alive reuses the tunnels like any socket.
 */
export function tunnelThroughProxy(agent: HttpAgent, settings: ProxySettings, connectTimeoutMs: number): void {
  const target = agent as unknown as { createConnection: CreateConnection };
  const direct = target.createConnection.bind(agent);
  target.createConnection = (options, callback) => {
    const { host, port, proxy } = route(settings, "https", options);
    if (!proxy) return direct(options, callback);
    const authority = authorityOf(host, port);
    const auth = proxyAuthorization(proxy);
    const connect = nodeHttp().request({
      host: proxy.hostname, port: Number(proxy.port || 80), method: "CONNECT", path: authority, agent: false,
      headers: { host: authority, ...(auth !== undefined && { "proxy-authorization": auth }) },
    });
    const timer = setTimeout(() => connect.destroy(tunnelError(`the proxy ${shown(proxy)} did not open a tunnel to ${authority} within ${connectTimeoutMs} ms`, "ETIMEDOUT")), connectTimeoutMs);
    timer.unref();
    connect.once("connect", (answer, socket: Socket) => {
      clearTimeout(timer);
      if (answer.statusCode !== 200) {
        socket.destroy();
        callback(tunnelError(`the proxy ${shown(proxy)} refused a tunnel to ${authority}: HTTP ${answer.statusCode} ${answer.statusMessage ?? ""}`.trim(), "ERR_PROXY_TUNNEL"));
        return;
      }
      callback(null, nodeTls().connect({ ...options, socket, servername: options.servername ?? bareHost(host) } as never));
    });
    connect.once("error", (error) => {
      clearTimeout(timer);
      callback(Object.assign(error, { message: `the proxy ${shown(proxy)}: ${error.message}` }));
    });
    connect.end();
    return undefined;
  };
}

/**
 * Plain HTTP through the proxy: a request to a proxied host goes to the proxy, in absolute form
 * (`GET http://host:port/path`), with Proxy-Authorization when the proxy URL has a user. Sockets
 * to the proxy are pooled like any host's.
 */
export function forwardThroughProxy(agent: HttpAgent, settings: ProxySettings): void {
  const target = agent as unknown as { addRequest: (req: ClientRequest, options: ConnectionOptions) => void };
  const direct = target.addRequest.bind(agent);
  target.addRequest = (req, options) => {
    const { host, port, proxy } = route(settings, "http", options);
    if (!proxy) return direct(req, options);
    // Node writes the request line on the first write, from req.path: still ours to set here.
    req.path = `http://${authorityOf(host, port)}${req.path}`;
    const auth = proxyAuthorization(proxy);
    if (auth !== undefined) req.setHeader("proxy-authorization", auth);
    direct(req, { ...options, host: proxy.hostname, hostname: proxy.hostname, port: Number(proxy.port || 80) });
  };
}

/** Where a connection for `options` goes: its host and port, and the proxy if it is not direct. */
function route(settings: ProxySettings, scheme: "http" | "https", options: ConnectionOptions): { host: string; port: number; proxy: URL | undefined } {
  const host = String(options.host ?? "localhost");
  const port = Number(options.port ?? (scheme === "https" ? 443 : 80));
  return { host, port, proxy: proxyFor(settings, scheme, host, port) };
}

/** host:port as a request target names it (an IPv6 address in brackets). */
function authorityOf(host: string, port: number): string {
  return `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
}

function tunnelError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code, name: code === "ETIMEDOUT" ? "TimeoutError" : "ProxyError" });
}
