// An answer cut off in the middle: the server (or a proxy) sends its headers and part of the body,
// then closes the connection. Node's HTTP client ends such a body with an error whose whole message
// is "aborted" (code ECONNRESET); the operator read "message: aborted" and nothing about what was
// aborted. The message now says what happened; the code, the SDK's retries and the kind (network)
// are Node's and the SDK's as before.
import { createServer, type Server } from "node:http";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";

let server: Server;
let endpoint: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      // With a length it does not keep (Content-Length: 500), or chunked with no last chunk.
      res.writeHead(200, req.url?.includes("chunked") ? { "content-type": "text/xml" } : { "content-type": "text/xml", "content-length": "500" });
      res.write("<GetCallerIdentityResponse><GetCallerIdentityResult>");
      setImmediate(() => res.socket?.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("an answer cut off in the middle", () => {
  for (const framing of ["length", "chunked"]) {
    it(`(${framing}) says the connection closed before the whole answer arrived; still ECONNRESET, retried, kind network`, async () => {
      const pool = new ConnectionPool({});
      const session = new CredentialSession({
        accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret-FAKE", region: "us-east-1",
        clientConfig: { endpoint: `${endpoint}/${framing}`, maxAttempts: 2 }, pool,
      });
      try {
        const before = requests;
        const error = await session.client(STSClient).send(new GetCallerIdentityCommand({})).then(() => undefined, (e: unknown) => e as Error & { code?: string; $metadata?: { attempts?: number } });
        // The SDK appends its hint about `$response` on a second line, as to any deserialization error.
        expect(error?.message.split("\n")[0]).toBe("STS GetCallerIdentity: the connection closed before the whole answer arrived (HTTP 200; Node: aborted); a server or proxy cut it off");
        expect(error?.code).toBe("ECONNRESET");
        expect(error?.$metadata?.attempts).toBe(2);
        expect(requests - before).toBe(2);
        const facts = new FleetError("ERR_TASK", "x", { cause: error });
        expect([facts.kind, facts.retryable]).toEqual(["network", true]);
      } finally {
        await session.close();
        pool.destroy();
      }
    });
  }
});
