// Sessions behind an HTTP proxy, as the AWS CLI and boto3 use one (HTTPS_PROXY, HTTP_PROXY,
// NO_PROXY). The endpoints here have names only the test's proxy knows (secure.test, plain.test):
// a request that did not go through the proxy cannot reach them at all. secure.test is a TLS
// front (a test-only self-signed certificate, test/fixtures/tls) over the sandbox.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import { connect, type Socket } from "node:net";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";
import { proxyFor, proxySettings } from "../../src/connections/proxy.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

const CERT = readFileSync(new URL("../fixtures/tls/secure-test.crt", import.meta.url));
const KEY = readFileSync(new URL("../fixtures/tls/secure-test.key", import.meta.url));

let sb: Sandbox;
let front: TlsServer;
let frontPort: number;
let proxy: Server;
let proxyPort: number;
/** What the proxy saw: CONNECT authorities and absolute-form request targets. */
const seen: { connect: string[]; forward: string[] } = { connect: [], forward: [] };
/** When set, the proxy wants this Proxy-Authorization and answers 407 otherwise. */
let wanted: string | undefined;
const tunnels = new Set<Socket>();

/** The test's own DNS: the names only the proxy can resolve. */
const resolve = (host: string): string | undefined => (["secure.test", "plain.test", "other.test"].includes(host) ? "127.0.0.1" : undefined);

// A machine's own proxy settings must not decide these tests (a CI runner may set NO_PROXY=*).
const machine = Object.fromEntries(["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"].map((k) => [k, process.env[k]]));

beforeAll(async () => {
  for (const key of Object.keys(machine)) delete process.env[key];
  sb = await startSandbox();
  const sandbox = new URL(sb.endpoint);
  // secure.test: TLS in front of the sandbox.
  front = createTlsServer({ key: KEY, cert: CERT }, (req, res) => {
    const up = request({ host: sandbox.hostname, port: sandbox.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((done) => front.listen(0, "127.0.0.1", done));
  frontPort = (front.address() as { port: number }).port;

  proxy = createServer((req, res) => {
    // Absolute form: GET http://plain.test:1234/ HTTP/1.1
    if (wanted !== undefined && req.headers["proxy-authorization"] !== wanted) {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? "");
    seen.forward.push(`${req.method} ${req.url}`);
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const up = request({ host: resolve(target.hostname), port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  proxy.on("connect", (req: IncomingMessage, client: Socket) => {
    if (wanted !== undefined && req.headers["proxy-authorization"] !== wanted) {
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n\r\n");
      return;
    }
    seen.connect.push(req.url ?? "");
    const [host = "", port = "443"] = (req.url ?? "").split(":");
    const address = resolve(host);
    if (!address) {
      client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      return;
    }
    const upstream = connect(Number(port), address, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(client).add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((done) => proxy.listen(0, "127.0.0.1", done));
  proxyPort = (proxy.address() as { port: number }).port;
});

afterEach(async () => {
  for (const { session, pool } of opened.splice(0)) {
    await session.close();
    pool.destroy();
  }
  seen.connect.length = 0;
  seen.forward.length = 0;
  wanted = undefined;
});

afterAll(async () => {
  for (const [key, value] of Object.entries(machine)) if (value !== undefined) process.env[key] = value;
  for (const socket of tunnels) socket.destroy();
  proxy.closeAllConnections();
  front.closeAllConnections();
  await new Promise((done) => proxy.close(done));
  await new Promise((done) => front.close(done));
  await sb.close();
});

/** Sessions made by through(), closed (with their pools) after each test. */
const opened: Array<{ session: CredentialSession; pool: ConnectionPool }> = [];

/** A session to `endpoint` on a pool of its own (made now: the pool reads the proxy variables then). */
function through(endpoint: string, poolOptions: ConstructorParameters<typeof ConnectionPool>[0] = {}) {
  const pool = new ConnectionPool(poolOptions);
  const session = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint, maxAttempts: 1 }, pool });
  opened.push({ session, pool });
  return { pool, whoami: () => session.client(STSClient).send(new GetCallerIdentityCommand({})) };
}

const failure = (call: Promise<unknown>) => call.then(() => undefined, (e: unknown) => e as Error & { code?: string });

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("through an HTTP proxy", () => {
  it("HTTPS endpoint, pool option proxy: a CONNECT tunnel, TLS to the endpoint inside it, kept alive for every call", async () => {
    const { pool, whoami } = through(`https://secure.test:${frontPort}`, { proxy: `http://127.0.0.1:${proxyPort}`, ca: CERT });
    for (let i = 0; i < 3; i++) expect((await whoami()).Account).toBe(sb.managementAccountId);
    expect(seen.connect).toEqual([`secure.test:${frontPort}`]);
    expect(pool.stats().socketsCreated).toBe(1);
  });

  it("the tunnel does not weaken TLS: without the ca the self-signed certificate is refused, and a name it was not issued for is refused with it", async () => {
    const untrusted = through(`https://secure.test:${frontPort}`, { proxy: `http://127.0.0.1:${proxyPort}` });
    const misnamed = through(`https://other.test:${frontPort}`, { proxy: `http://127.0.0.1:${proxyPort}`, ca: CERT });
    expect((await failure(untrusted.whoami()))?.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    expect((await failure(misnamed.whoami()))?.code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    // Both went through the proxy: the refusal is TLS's, inside the tunnel.
    expect(seen.connect).toEqual([`secure.test:${frontPort}`, `other.test:${frontPort}`]);
  });

  it("plain HTTP endpoint, HTTP_PROXY from the environment: requests in absolute form through the proxy", async () => {
    const sandboxPort = new URL(sb.endpoint).port;
    const { whoami } = await withEnv({ HTTP_PROXY: `http://127.0.0.1:${proxyPort}` }, async () => through(`http://plain.test:${sandboxPort}`));
    expect((await whoami()).Account).toBe(sb.managementAccountId);
    expect(seen.forward).toEqual([`POST http://plain.test:${sandboxPort}/`]);
  });

  it("a proxy with a user: Proxy-Authorization sent (percent-decoded); a wrong password is refused and never quoted", async () => {
    wanted = `Basic ${Buffer.from("ops:p@ss word").toString("base64")}`;
    const ok = through(`https://secure.test:${frontPort}`, { proxy: `http://ops:p%40ss%20word@127.0.0.1:${proxyPort}`, ca: CERT });
    const refused = through(`https://secure.test:${frontPort}`, { proxy: `http://ops:not-it-FAKE@127.0.0.1:${proxyPort}`, ca: CERT });
    expect((await ok.whoami()).Account).toBe(sb.managementAccountId);
    const error = await failure(refused.whoami());
    expect(error?.message).toBe(`the proxy http://127.0.0.1:${proxyPort} refused a tunnel to secure.test:${frontPort}: HTTP 407 Proxy Authentication Required`);
    expect(JSON.stringify(error) + String(error?.stack)).not.toContain("not-it-FAKE");
    expect(new FleetError("ERR_TASK", "x", { cause: error }).kind).toBe("network");
  });

  it("NO_PROXY and loopback go directly: the proxy sees nothing", async () => {
    const { whoami } = await withEnv({ HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: "example.com" }, async () => through(sb.endpoint));
    expect((await whoami()).Account).toBe(sb.managementAccountId);
    expect(seen).toEqual({ connect: [], forward: [] });
  });

  it("a role-chain profile: the SDK's own STS client inside fromIni goes through the pool, so through the proxy", async () => {
    const role = sb.organization.roles.find((r) => r.roleName === "OrganizationAccountAccessRole" && r.externalId === undefined && r.mfaSerial === undefined)!;
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-proxy-profile-"));
    const config = join(dir, "config");
    writeFileSync(config, [
      "[profile base]", `aws_access_key_id = ${sb.credentials.accessKeyId}`, `aws_secret_access_key = ${sb.credentials.secretAccessKey}`,
      "[profile chain]", `role_arn = arn:aws:iam::${role.accountId}:role/${role.roleName}`, "source_profile = base", "region = us-east-1", "",
    ].join("\n"));
    const sandboxPort = new URL(sb.endpoint).port;
    await withEnv({ HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), AWS_ENDPOINT_URL_STS: `http://plain.test:${sandboxPort}` }, async () => {
      const s = new CredentialSession({ profile: "chain", pool: {} });
      try {
        const credentials = await s.getCredentials();
        expect(credentials.sessionToken).toBeTruthy();
        expect(seen.forward).toEqual([`POST http://plain.test:${sandboxPort}/`]);
      } finally {
        await s.close();
      }
    });
  });

  it("proxy: false ignores the environment's proxies", async () => {
    await withEnv({ HTTPS_PROXY: "http://127.0.0.1:1", HTTP_PROXY: "http://127.0.0.1:1" }, async () => {
      expect(proxySettings(false)).toBeUndefined();
      expect(proxySettings(undefined)?.https?.port).toBe("1");
    });
  });
});

describe("which proxy, checked before any call", () => {
  const settings = proxySettings(undefined, { HTTPS_PROXY: "http://proxy.corp:3128", HTTP_PROXY: "proxy.corp:8080", NO_PROXY: ".internal.corp, example.com, vpce.amazonaws.com:443, [fd00::1]" })!;
  it("NO_PROXY as urllib reads it: the host or a suffix after a dot, an optional port; loopback always direct", () => {
    const via = (scheme: "http" | "https", host: string, port: number) => proxyFor(settings, scheme, host, port)?.host;
    expect(via("https", "sts.us-east-1.amazonaws.com", 443)).toBe("proxy.corp:3128");
    expect(via("http", "plain.test", 80)).toBe("proxy.corp:8080");
    expect(via("https", "api.internal.corp", 443)).toBeUndefined();
    expect(via("https", "internal.corp", 443)).toBeUndefined();
    expect(via("https", "www.example.com", 443)).toBeUndefined();
    expect(via("https", "notexample.com", 443)).toBe("proxy.corp:3128");
    expect(via("https", "x.vpce.amazonaws.com", 443)).toBeUndefined();
    expect(via("https", "x.vpce.amazonaws.com", 8443)).toBe("proxy.corp:3128");
    expect(via("https", "[fd00::1]", 443)).toBeUndefined();
    for (const loopback of ["127.0.0.1", "127.9.9.9", "localhost", "[::1]", "sandbox.localhost"]) expect(via("https", loopback, 443)).toBeUndefined();
    expect(proxyFor(proxySettings(undefined, { HTTPS_PROXY: "http://p:1", NO_PROXY: "*" }), "https", "sts.amazonaws.com", 443)).toBeUndefined();
  });

  it("only http:// proxies: anything else is ERR_INVALID_INPUT naming the variable, without its password", () => {
    expect(() => new ConnectionPool({ proxy: "https://u:secret-FAKE@proxy.corp:3128" })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "proxy" }));
    try {
      new ConnectionPool({ proxy: "https://u:secret-FAKE@proxy.corp:3128" });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("secret-FAKE");
    }
    expect(() => proxySettings(undefined, { HTTPS_PROXY: "socks5://proxy:1080" })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "HTTPS_PROXY" }));
    // A URL with a scheme that does not parse is refused, not re-read as http://<scheme>//... (a proxy named "https").
    expect(() => proxySettings(undefined, { HTTPS_PROXY: "https://[bad" })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "HTTPS_PROXY" }));
    expect(() => new ConnectionPool({ proxy: 3128 as unknown as string })).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT" }));
  });
});
