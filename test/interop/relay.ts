// The plumbing of the interop tests' own servers in front of moto (a forward proxy, a TLS front):
// pass a request on as it is and its answer back, and listen on a free loopback port.
import { request, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { MOTO_KEYS } from "./moto-server.js";

/** moto's keys and region as a client's environment (no endpoint: each test names its own). */
export const MOTO_KEY_ENV = { AWS_ACCESS_KEY_ID: MOTO_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_KEYS.secretAccessKey, AWS_DEFAULT_REGION: "us-east-1", AWS_REGION: "us-east-1" };

/** Sends `req` to `upstream` at `path` (its own by default) and `upstream`'s answer back, unchanged. */
export function relay(upstream: URL, req: IncomingMessage, res: ServerResponse, path = req.url): void {
  const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  up.on("error", () => res.destroy());
  req.pipe(up);
}

/** Starts `server` on 127.0.0.1, port 0; resolves with the port. */
export async function listenLocal(server: HttpServer | HttpsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}
