// The HTTP server: sockets, bodies, latency, and close(). Everything AWS-shaped is in handle.ts.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { FleetError } from "../errors.js";
import { resolveOrganization } from "./config.js";
import { CredentialStore } from "./credentials.js";
import { delayFor, FaultInjector, resolveLatency } from "./faults.js";
import { receive, respond, type Outcome } from "./handle.js";
import { OptionGroupStore } from "./option-groups.js";
import { parseAuthorization } from "./sigv4.js";
import { StatsRecorder } from "./stats.js";
import { serveSandboxRoute } from "./stats-route.js";
import type { SandboxState } from "./state.js";
import type { Sandbox, SandboxOptions } from "./types.js";
import { checkCheckSignatures, checkClockSkewSeconds, checkCredentialSeconds, checkPort } from "./options.js";
import { checkDiscoveryFaults } from "./discovery-faults.js";
import { isSsoRequest, SsoPortal } from "./sso/portal.js";
import { resolveSso } from "./sso/config.js";

const MAX_BODY = 1024 * 1024;

/** Validates the options, then listens on 127.0.0.1. */
export async function startSandboxServer(options: SandboxOptions = {}): Promise<Sandbox> {
  const org = resolveOrganization(options);
  const port = checkPort(options.port);
  const credentialSeconds = checkCredentialSeconds(options.credentialSeconds);
  const clockSkewSeconds = checkClockSkewSeconds(options.clockSkewSeconds);
  const checkSignatures = checkCheckSignatures(options.checkSignatures);
  let faults = new FaultInjector(options.faults);
  let latency = resolveLatency(options.latencyMs);
  const stats = new StatsRecorder();
  const sso = new SsoPortal(resolveSso(options.sso, org.accounts, org.org.managementAccountId, org.org.regions.enabled[0]));
  const state: SandboxState = {
    org, stats, credentialSeconds, clockSkewSeconds, checkSignatures, discoveryFaults: checkDiscoveryFaults(options.discoveryFaults),
    credentials: new CredentialStore(org.org.managementAccountId, org.partition),
    optionGroups: new OptionGroupStore(org.optionGroupCount, org.partition),
  };
  const timers = new Set<NodeJS.Timeout>();
  const usedSockets = new WeakSet<Socket>();
  let closed = false;

  const wait = (ms: number): Promise<void> => new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timer.unref();
    timers.add(timer);
  });

  const serve = async (req: IncomingMessage, res: ServerResponse, body: Buffer, firstOnSocket: boolean): Promise<void> => {
    let outcome: Outcome;
    if (body.length > MAX_BODY) {
      const auth = parseAuthorization(req.headers.authorization);
      stats.request(auth?.service ?? "unknown", "unknown", "unknown", auth?.region ?? "unknown");
      stats.error("RequestEntityTooLarge");
      outcome = { reply: { status: 413, headers: { "content-type": "text/plain" }, body: "Request body too large" } };
    } else if (isSsoRequest(req)) {
      // Unsigned (a bearer token, no SigV4): the portal answers before any signature check.
      await wait(delayFor(latency, "sso", sso.config.region, firstOnSocket, undefined));
      if (closed) return;
      outcome = { reply: sso.answer(state, req, body) };
    } else {
      const incoming = receive(state, { req, body });
      const account = incoming.roleAccount ?? incoming.identity?.accountId;
      await wait(delayFor(latency, incoming.auth?.service ?? "", incoming.auth?.region ?? "", firstOnSocket, account));
      if (closed) return;
      outcome = await respond(state, faults, incoming);
    }
    // A hung answer: the socket stays open and silent until the client gives up or close().
    if ("hang" in outcome) return;
    if ("reset" in outcome) {
      req.socket.destroy();
      return;
    }
    res.writeHead(outcome.reply.status, { ...outcome.reply.headers, "content-length": Buffer.byteLength(outcome.reply.body) });
    res.end(outcome.reply.body);
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    if (serveSandboxRoute(req, res, () => stats.snapshot())) return;
    stats.started();
    let finished = false;
    const finish = (): void => {
      if (!finished) stats.finished();
      finished = true;
    };
    res.once("close", finish);
    const firstOnSocket = !usedSockets.has(req.socket);
    usedSockets.add(req.socket);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY + 1) chunks.push(chunk);
    });
    req.on("end", () => {
      serve(req, res, Buffer.concat(chunks), firstOnSocket).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    req.on("error", () => req.socket.destroy());
  });
  // Longer than the SDK's idle sockets live, so a reused keep-alive socket is rarely closed
  // under the client (a reset the SDK would have to retry); close() destroys them anyway.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("connection", (socket: Socket) => {
    stats.connectionOpened();
    socket.once("close", () => stats.connectionClosed());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(new FleetError("ERR_INVALID_INPUT", `The sandbox cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}.`, { option: "port", cause: error }));
    });
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address !== null ? address.port : port;
  const { admin } = state.credentials;

  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    port: boundPort,
    // A fresh object each time: the SDK writes markers into the credentials object it is given.
    get credentials() {
      return { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey };
    },
    managementAccountId: org.org.managementAccountId,
    organization: org.org,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    expireAll: () => state.credentials.expireAll(),
    setFaults: (next) => {
      faults = new FaultInjector(next);
    },
    setDiscoveryFaults: (next) => {
      state.discoveryFaults = checkDiscoveryFaults(next);
    },
    sso: (({ sessionName, startUrl, region, accessToken, refreshToken, clientId, clientSecret }) => ({ sessionName, startUrl, region, accessToken, refreshToken, clientId, clientSecret }))(sso.config),
    setSsoFaults: (next) => sso.setFaults(next),
    revokeSsoTokens: () => sso.revokeTokens(),
    setLatency: (next) => {
      latency = resolveLatency(next);
    },
    close: () => new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
