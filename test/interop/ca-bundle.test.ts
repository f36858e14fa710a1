// AWS_CA_BUNDLE read as the AWS CLI reads it: moto behind a TLS front whose certificate is
// self-signed (test/fixtures/tls/localhost.*, for 127.0.0.1), as a corporate proxy re-signs TLS.
// Without the bundle both the AWS CLI and our CLI refuse the certificate; with it both answer.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { awsCli } from "./clients.js";
import { MOTO_ACCOUNT, startMoto, type MotoServer } from "./moto-server.js";
import { listenLocal, MOTO_KEY_ENV, relay } from "./relay.js";

const CERT_PATH = new URL("../fixtures/tls/localhost.crt", import.meta.url).pathname;
let moto: MotoServer;
let front: Server;
let endpoint: string;

beforeAll(async () => {
  moto = await startMoto();
  const upstream = new URL(moto.endpoint);
  front = createServer({ cert: readFileSync(CERT_PATH), key: readFileSync(new URL("../fixtures/tls/localhost.key", import.meta.url)) }, (req, res) => relay(upstream, req, res));
  endpoint = `https://127.0.0.1:${await listenLocal(front)}`;
}, 120_000);

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
  await moto?.close();
});

const keys = MOTO_KEY_ENV;

describe("AWS_CA_BUNDLE, as the AWS CLI reads it", () => {
  it("with it, both the AWS CLI and our CLI trust the re-signed endpoint and answer", async () => {
    const env = { ...keys, AWS_CA_BUNDLE: CERT_PATH };
    const viaAws = (await awsCli(["sts", "get-caller-identity", "--endpoint-url", endpoint], env)) as { Account: string };
    expect(viaAws.Account).toBe(MOTO_ACCOUNT);
    const run = await runCli(["whoami", "--endpoint-url", endpoint, "--format", "json"], cleanEnv(env));
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { targets: Array<{ accountId: string }> }).targets.map((t) => t.accountId)).toEqual([MOTO_ACCOUNT]);
  }, 90_000);

  it("without it, both refuse the certificate", async () => {
    const aws = await awsCli(["sts", "get-caller-identity", "--endpoint-url", endpoint], keys).then(() => "answered", (e: Error) => e.message);
    expect(aws).toMatch(/SSL|certificate/i);
    const run = await runCli(["whoami", "--endpoint-url", endpoint], cleanEnv(keys));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/self-signed certificate/);
  }, 90_000);
});
