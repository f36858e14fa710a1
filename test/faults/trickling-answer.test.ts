// A server that sends its headers and then one byte at a time, forever, is never silent, so the
// socket timeout never fires: without a deadline on the answer itself the SDK waits for the rest
// of the body for ever. An RPC protocol's answer (query, EC2, JSON 1.0/1.1) is read whole by the
// SDK, so the pool's socketTimeoutMs also bounds how long it may keep arriving after its headers.
// REST protocols are left alone: their bodies may be streams the caller reads at its own pace.
import { createServer, type Server } from "node:http";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetRoleCredentialsCommand, SSOClient } from "@aws-sdk/client-sso";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";

let server: Server;
let endpoint: string;
const open = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.includes("whole")) {
        const body = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
        // The whole answer, slowly: 8 pieces 30 ms apart, done well inside the deadline.
        res.writeHead(200, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
        let at = 0;
        const step = Math.ceil(body.length / 8);
        const timer = setInterval(() => {
          res.write(body.slice(at, (at += step)));
          if (at >= body.length) {
            clearInterval(timer);
            res.end();
          }
        }, 30);
        return;
      }
      // restJson1 (the SSO portal: GET /federation/credentials) and awsJson (x-amz-target) answer JSON.
      const json = req.headers["x-amz-target"] !== undefined || req.url?.startsWith("/federation/");
      res.writeHead(200, { "content-type": json ? "application/json" : "text/xml" });
      res.write(json ? '{"Accounts":[' : "<GetCallerIdentityResponse>");
      const timer = setInterval(() => res.write(" "), 20);
      open.add(timer);
      res.on("close", () => {
        clearInterval(timer);
        open.delete(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const timer of open) clearInterval(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sessions made by sessionWith(), closed (with their pools) after each test. */
const opened: Array<{ session: CredentialSession; pool: ConnectionPool }> = [];
afterEach(async () => {
  for (const { session, pool } of opened.splice(0)) {
    await session.close();
    pool.destroy();
  }
});

function sessionWith(socketTimeoutMs: number, path = ""): CredentialSession {
  const pool = new ConnectionPool({ socketTimeoutMs });
  const session = new CredentialSession({
    accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret-FAKE", region: "us-east-1",
    clientConfig: { endpoint: `${endpoint}${path}`, maxAttempts: 2 }, pool,
  });
  opened.push({ session, pool });
  return session;
}

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { $metadata?: { attempts?: number } });

describe("an answer that keeps trickling in", () => {
  it("query protocol (STS): cut off at the pool's socketTimeoutMs after its headers, a retryable timeout, each attempt", async () => {
    const session = sessionWith(300);
    const started = performance.now();
    const error = await caught(session.client(STSClient).send(new GetCallerIdentityCommand({})));
    const ms = performance.now() - started;
    expect(error?.name).toBe("TimeoutError");
    expect(error?.message).toContain("STS GetCallerIdentity: the answer was still arriving 300 ms after its headers");
    expect(error?.$metadata?.attempts).toBe(2);
    // Two attempts of 300 ms, not forever (the test's own timeout would end a hang at 5 s).
    expect(ms).toBeGreaterThanOrEqual(550);
    const facts = new FleetError("ERR_TASK", "x", { cause: error });
    expect([facts.kind, facts.retryable]).toEqual(["timeout", true]);
  }, 10_000);

  it("JSON protocol (Organizations): cut off too", async () => {
    const session = sessionWith(300);
    const error = await caught(session.client(OrganizationsClient).send(new ListAccountsCommand({})));
    expect(error?.name).toBe("TimeoutError");
    expect(error?.message).toContain("Organizations ListAccounts: the answer was still arriving 300 ms after its headers");
  }, 10_000);

  it("REST protocol whose output has no stream (SSO GetRoleCredentials, restJson1): cut off too", async () => {
    const session = sessionWith(300);
    const started = performance.now();
    const error = await caught(session.client(SSOClient).send(new GetRoleCredentialsCommand({ accountId: "123456789012", roleName: "Audit", accessToken: "fake-token-FAKE" })));
    expect(error?.name).toBe("TimeoutError");
    expect(error?.message).toContain("SSO GetRoleCredentials: the answer was still arriving 300 ms after its headers");
    expect(error?.$metadata?.attempts).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(550);
  }, 10_000);

  it("a slow answer that ends inside the deadline is read whole", async () => {
    const session = sessionWith(1_000, "/whole");
    const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe("123456789012");
  }, 10_000);
});
