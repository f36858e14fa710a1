// `exec --serve-credentials`: a credential endpoint on 127.0.0.1 in the container-credentials
// format, so AWS CLIs and SDKs in the children refresh from our sessions on their own (as
// aws-vault's server does). Each child gets its own path and random token; a request without the
// right token gets 403 and no hint of what exists. A request whose Host is not this server by its
// loopback name (`127.0.0.1:<port>`, `localhost:<port>`) is refused too: a web page the user opens
// could otherwise reach the port through a name it re-points at 127.0.0.1 (DNS rebinding).
//
// Format and rules: the SDK's HTTP credential provider (@aws-sdk/credential-provider-http,
// fromHttp: AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN, loopback http
// allowed, response `{ AccessKeyId, SecretAccessKey, Token, Expiration }` with Expiration RFC 3339).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AwsCredentialIdentity } from "@smithy/types";

/** The environment a child needs to fetch its credentials. */
export interface ServedCredentials {
  AWS_CONTAINER_CREDENTIALS_FULL_URI: string;
  AWS_CONTAINER_AUTHORIZATION_TOKEN: string;
}

/** A running credential server. */
export interface CredentialServer {
  /** Serves `load()` to one child until `release()`; returns the child's env. */
  register(load: () => Promise<AwsCredentialIdentity>): { env: ServedCredentials; release(): void };
  close(): Promise<void>;
}

interface Entry {
  token: Buffer;
  load: () => Promise<AwsCredentialIdentity>;
}

// Credentials without an expiry (long-term keys) are still served with one, as the format needs it.
const NO_EXPIRY_MS = 15 * 60_000;

/** Starts the server on 127.0.0.1, port 0. */
export async function startCredentialServer(): Promise<CredentialServer> {
  const entries = new Map<string, Entry>();
  let hosts: readonly string[] = [];
  const server = createServer((req, res) => void answer(entries, hosts, req, res));
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    register(load) {
      const id = randomBytes(16).toString("hex");
      const token = randomBytes(32).toString("base64url");
      entries.set(id, { token: Buffer.from(token), load });
      return {
        env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/credentials/${id}`, AWS_CONTAINER_AUTHORIZATION_TOKEN: token },
        release: () => void entries.delete(id),
      };
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function answer(entries: Map<string, Entry>, hosts: readonly string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hosts.includes(String(req.headers.host ?? "").toLowerCase())) {
    return reply(res, 403, { Code: "AccessDenied", Message: "Unknown credentials path or wrong authorization token" });
  }
  const id = /^\/credentials\/([0-9a-f]{32})$/.exec(req.url ?? "")?.[1];
  const entry = id === undefined ? undefined : entries.get(id);
  const sent = Buffer.from(String(req.headers.authorization ?? ""));
  if (req.method !== "GET" || !entry || sent.length !== entry.token.length || !timingSafeEqual(sent, entry.token)) {
    return reply(res, 403, { Code: "AccessDenied", Message: "Unknown credentials path or wrong authorization token" });
  }
  try {
    const credentials = await entry.load();
    const expiration = credentials.expiration ?? new Date(Date.now() + NO_EXPIRY_MS);
    reply(res, 200, {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken ?? "",
      Expiration: expiration.toISOString(),
    });
  } catch {
    // The reason stays in the parent's own records; the child only learns that it failed.
    reply(res, 500, { Code: "CredentialsUnavailable", Message: "sessionfleet could not load credentials for this target" });
  }
}

function reply(res: ServerResponse, status: number, body: Record<string, string>): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
