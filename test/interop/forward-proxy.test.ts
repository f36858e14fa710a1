// The CLI and the AWS CLI behind the same forward proxy (HTTP_PROXY, NO_PROXY), in front of
// moto. moto is reachable only as http://moto.test:<port>, a name that only the test's proxy
// resolves: a request that did not go through the proxy cannot reach it. Both clients read the
// environment the same way, so both answer, or both fail, in each case.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { awsCli } from "./clients.js";
import { MOTO_ACCOUNT, startMoto, type MotoServer } from "./moto-server.js";
import { listenLocal, MOTO_KEY_ENV, relay } from "./relay.js";

let moto: MotoServer;
let proxy: Server;
let proxyUrl: string;
let motoAtName: string;
/** Absolute-form request targets the proxy forwarded, with the client that sent them. */
const forwarded: string[] = [];

beforeAll(async () => {
  moto = await startMoto();
  const upstream = new URL(moto.endpoint);
  motoAtName = `http://moto.test:${upstream.port}`;
  proxy = createServer((req, res) => {
    const target = new URL(req.url ?? "");
    if (target.hostname !== "moto.test") {
      res.writeHead(502).end();
      return;
    }
    forwarded.push(`${req.method} ${target.origin} ${String(req.headers["user-agent"] ?? "").split(" ")[0]}`);
    relay(upstream, req, res, `${target.pathname}${target.search}`);
  });
  proxyUrl = `http://127.0.0.1:${await listenLocal(proxy)}`;
}, 120_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await moto?.close();
});

const keys = MOTO_KEY_ENV;

describe("behind a forward proxy (HTTP_PROXY), as the AWS CLI is", () => {
  it("both clients reach moto.test through the proxy, and only through it", async () => {
    forwarded.length = 0;
    const env = { ...keys, HTTP_PROXY: proxyUrl };
    const viaAws = (await awsCli(["sts", "get-caller-identity", "--endpoint-url", motoAtName], env)) as { Account: string };
    expect(viaAws.Account).toBe(MOTO_ACCOUNT);
    const run = await runCli(["whoami", "--endpoint-url", motoAtName, "--format", "json"], cleanEnv(env));
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { targets: Array<{ accountId: string }> }).targets.map((t) => t.accountId)).toEqual([MOTO_ACCOUNT]);
    // Every request in absolute form (RFC 9110 7.1): the AWS CLI's one, then the CLI's (its run's
    // identity and the target's).
    expect(new Set(forwarded.map((f) => f.split(" ").slice(0, 2).join(" ")))).toEqual(new Set([`POST ${motoAtName}`]));
    expect([...new Set(forwarded.map((f) => f.split(" ")[2]!.split("/")[0]))]).toEqual(["aws-cli", "aws-sdk-js"]);
  });

  it("NO_PROXY=moto.test: neither client uses the proxy (and neither can reach the name)", async () => {
    forwarded.length = 0;
    // One attempt each: the name does not resolve, and retrying it only spends the test's time.
    const env = { ...keys, HTTP_PROXY: proxyUrl, NO_PROXY: "moto.test", AWS_MAX_ATTEMPTS: "1" };
    await expect(awsCli(["sts", "get-caller-identity", "--endpoint-url", motoAtName, "--cli-connect-timeout", "5"], env)).rejects.toThrow(/Could not connect|moto\.test/);
    const run = await runCli(["whoami", "--endpoint-url", motoAtName, "--format", "json"], cleanEnv(env));
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/network|ENOTFOUND|EAI_AGAIN/);
    expect(forwarded).toEqual([]);
  });
});
