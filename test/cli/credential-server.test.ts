// The credential server of `exec --serve-credentials` refuses every way past its checks (issue 21
// "What held", 21.10): no token, a wrong one, another child's, a revoked one, a wrong path or
// method, and a Host that is not this server's loopback name (DNS rebinding). Each refusal is a
// 403 that serves nothing; the one right request gets the keys.
import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCredentialServer, type CredentialServer } from "../../src/cli/exec/credential-server.js";

const KEYS = { accessKeyId: "AKIAEXAMPLEFAKE00001", secretAccessKey: "FAKEservedSecretForTheCredentialServer0001", sessionToken: "FAKEtoken" };
let server: CredentialServer;
let loads: number;

beforeEach(async () => {
  server = await startCredentialServer();
  loads = 0;
});
afterEach(async () => {
  await server.close();
});

const register = () => server.register(async () => (loads++, KEYS));

/** One raw request (node:http, so the Host header is ours to choose). */
function get(uri: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; body: string }> {
  const url = new URL(uri);
  return new Promise((resolve, reject) => {
    // An empty Host means none at all (node would otherwise fill in its own).
    const noHost = headers.host === "";
    const sent = noHost ? Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "host")) : headers;
    const req = request({ host: "127.0.0.1", port: url.port, path: url.pathname, method, headers: sent, setHost: !noHost, timeout: 5_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("no answer in 5 s")));
    req.on("error", reject);
    req.end();
  });
}

const refused = (answer: { status: number; body: string }): void => {
  expect(answer.status).toBe(403);
  expect(answer.body).not.toContain(KEYS.secretAccessKey);
};

describe("credential server", () => {
  it("the child's path and token: the keys, from 127.0.0.1:<port> and localhost:<port>", async () => {
    const { env } = register();
    const port = new URL(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const answer = await get(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN, host });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ AccessKeyId: KEYS.accessKeyId, SecretAccessKey: KEYS.secretAccessKey, Token: KEYS.sessionToken });
    }
    expect(loads).toBe(2);
  });

  it("no token, a wrong token, a token one character short: 403", async () => {
    const { env } = register();
    const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    refused(await get(uri));
    refused(await get(uri, { authorization: "x".repeat(env.AWS_CONTAINER_AUTHORIZATION_TOKEN.length) }));
    refused(await get(uri, { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN.slice(0, -1) }));
    refused(await get(uri, { authorization: `Bearer ${env.AWS_CONTAINER_AUTHORIZATION_TOKEN}` }));
    expect(loads).toBe(0);
  });

  it("another child's token on this child's path, and this child's token on another path: 403", async () => {
    const a = register().env;
    const b = register().env;
    refused(await get(a.AWS_CONTAINER_CREDENTIALS_FULL_URI, { authorization: b.AWS_CONTAINER_AUTHORIZATION_TOKEN }));
    const base = new URL(a.AWS_CONTAINER_CREDENTIALS_FULL_URI);
    for (const path of ["/", "/credentials/", `${base.pathname}/`, `${base.pathname}x`, base.pathname.toUpperCase(), `/credentials/${"0".repeat(32)}`]) {
      refused(await get(`${base.origin}${path}`, { authorization: a.AWS_CONTAINER_AUTHORIZATION_TOKEN }));
    }
    refused(await get(a.AWS_CONTAINER_CREDENTIALS_FULL_URI, { authorization: a.AWS_CONTAINER_AUTHORIZATION_TOKEN }, "POST"));
    expect(loads).toBe(0);
  });

  it("a released (revoked) token: 403, though it was good a moment before", async () => {
    const served = register();
    const { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: token } = served.env;
    expect((await get(uri, { authorization: token })).status).toBe(200);
    served.release();
    refused(await get(uri, { authorization: token }));
    expect(loads).toBe(1);
  });

  it("a Host that is not this server's loopback name (DNS rebinding): 403, even with the right path and token", async () => {
    const { env } = register();
    const port = new URL(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).port;
    for (const host of [`attacker.example:${port}`, "127.0.0.1", `127.0.0.1:${Number(port) + 1}`, `localhost.attacker.example:${port}`]) {
      refused(await get(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN, host }));
    }
    // No Host at all: node's server refuses an HTTP/1.1 request without one (requireHostHeader).
    const none = await get(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN, host: "" });
    expect(none.status).toBe(400);
    expect(none.body).not.toContain(KEYS.secretAccessKey);
    expect(loads).toBe(0);
  });
});
