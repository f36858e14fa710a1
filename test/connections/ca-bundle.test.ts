// Which certificate authorities a pool trusts for HTTPS endpoints.
// - AWS_CA_BUNDLE (a PEM file), as the AWS CLI and boto3 read it: its certificates instead of the
//   default ones (botocore passes it to urllib3 as the whole trust store). A corporate proxy that
//   re-signs TLS is the usual reason; before, the AWS CLI worked and sessionfleet failed with
//   "self-signed certificate".
// - The `ca` option: in addition to Node's own (its roots and NODE_EXTRA_CA_CERTS). Node's `ca`
//   replaces the roots, so `ca` for a proxy's authority broke every endpoint reached directly.
// The server here has a self-signed certificate for 127.0.0.1 (test/fixtures/tls/localhost.*).
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { rootCertificates } from "node:tls";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";
import { trustedAuthorities } from "../../src/connections/trust.js";
import { advice } from "../../src/cli/output/summary.js";

const CERT_PATH = new URL("../fixtures/tls/localhost.crt", import.meta.url).pathname;
const CERT = readFileSync(CERT_PATH);
const ANSWER = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/tls</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer({ cert: CERT, key: readFileSync(new URL("../fixtures/tls/localhost.key", import.meta.url)) }, (req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end(ANSWER));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const opened: Array<{ session: CredentialSession; pool: ConnectionPool }> = [];
afterEach(async () => {
  delete process.env.AWS_CA_BUNDLE;
  for (const { session, pool } of opened.splice(0)) {
    await session.close();
    pool.destroy();
  }
});

/** GetCallerIdentity against the test server through a pool made with `options`: the account, or the error. */
async function whoami(options: ConstructorParameters<typeof ConnectionPool>[0] = {}): Promise<string | Error> {
  const pool = new ConnectionPool(options);
  const session = new CredentialSession({ accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret-FAKE", region: "us-east-1", clientConfig: { endpoint, maxAttempts: 1 }, pool });
  opened.push({ session, pool });
  return session.client(STSClient).send(new GetCallerIdentityCommand({})).then((out) => out.Account!, (e: unknown) => e as Error);
}

describe("the certificate authorities a pool trusts", () => {
  it("by default Node's: a self-signed endpoint is refused", async () => {
    const result = await whoami();
    expect(result).toBeInstanceOf(Error);
    expect((result as Error & { code?: string }).code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    // Trouble on the path, not worth retrying (it was "unknown, see the message"); the CLI says what to do.
    const facts = new FleetError("ERR_TASK", "x", { cause: result });
    expect([facts.kind, facts.retryable]).toEqual(["network", false]);
    expect(advice(facts.kind, "task", (result as Error).message)).toBe("the endpoint's TLS certificate is not trusted (self-signed certificate): behind a proxy that re-signs TLS, set AWS_CA_BUNDLE to its certificate authority; else check --endpoint-url");
  });

  it("AWS_CA_BUNDLE, as the AWS CLI reads it: the bundle's authorities are trusted", async () => {
    process.env.AWS_CA_BUNDLE = CERT_PATH;
    expect(await whoami()).toBe("123456789012");
  });

  it("AWS_CA_BUNDLE naming no readable file: ERR_INVALID_INPUT when the pool is made, before any request", () => {
    process.env.AWS_CA_BUNDLE = "/nonexistent/corporate-ca.pem";
    expect(() => new ConnectionPool()).toThrow(FleetError);
    expect(() => new ConnectionPool()).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT", option: "AWS_CA_BUNDLE" }));
  });

  it("the ca option: trusted in addition to Node's roots, not instead of them", async () => {
    expect(await whoami({ ca: CERT })).toBe("123456789012");
    // What the agent is given: every Node root, NODE_EXTRA_CA_CERTS (which Node itself added at
    // start-up), then the option's.
    expect(trustedAuthorities(CERT, {})).toEqual([...rootCertificates, CERT]);
    expect(trustedAuthorities([CERT], { NODE_EXTRA_CA_CERTS: CERT_PATH })).toEqual([...rootCertificates, CERT, CERT]);
    expect(trustedAuthorities(undefined, {})).toBeUndefined();
  });

  it("the ca option wins over AWS_CA_BUNDLE (given in code, for this pool)", async () => {
    process.env.AWS_CA_BUNDLE = "/nonexistent/corporate-ca.pem";
    expect(await whoami({ ca: CERT })).toBe("123456789012");
  });
});
