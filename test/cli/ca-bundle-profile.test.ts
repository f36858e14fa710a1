// The profile's `ca_bundle` (AWS CLI User Guide, "Configuration and credential file settings":
// ca_bundle, "the CA certificate bundle to use when verifying SSL certificates"; AWS_CA_BUNDLE
// overrides it), read by the CLI for the profile it runs with. Before, a corporate ~/.aws/config
// with ca_bundle worked for the AWS CLI and failed here with "self-signed certificate".
// The endpoint is an HTTPS server with a self-signed certificate for 127.0.0.1 that answers every
// request with a GetCallerIdentity document.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCli } from "./run-cli.js";

const CERT_PATH = new URL("../fixtures/tls/localhost.crt", import.meta.url).pathname;
const ANSWER = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/tls</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
let server: Server;
let endpoint: string;
let dir: string;

beforeAll(async () => {
  server = createServer({ cert: readFileSync(CERT_PATH), key: readFileSync(new URL("../fixtures/tls/localhost.key", import.meta.url)) }, (req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end(ANSWER));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-ca-bundle-profile-"));
  writeFileSync(join(dir, "config"), [
    "[default]", "region = us-east-1", `ca_bundle = ${CERT_PATH}`,
    "[profile plain]", "region = us-east-1",
    "[profile broken]", "region = us-east-1", "ca_bundle = /nonexistent/corporate-ca.pem",
    "",
  ].join("\n"));
  writeFileSync(join(dir, "credentials"), ["default", "plain", "broken"].map((p) => `[${p}]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake-secret-FAKE\n`).join(""));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => cleanEnv({ AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"), ...extra });
const whoami = (extra: string[] = [], e = env()) => runCli(["whoami", "--endpoint-url", endpoint, "--format", "json", ...extra], e);

describe("the profile's ca_bundle", () => {
  it("is trusted for the profile's run: whoami answers through the self-signed endpoint", async () => {
    const run = await whoami();
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect((JSON.parse(run.stdout) as { targets: Array<{ accountId: string }> }).targets.map((t) => t.accountId)).toEqual(["123456789012"]);
  });

  it("a profile without one does not get it; AWS_CA_BUNDLE, which the AWS CLI reads first, wins over it", async () => {
    const plain = await whoami(["--profile", "plain"]);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain("self-signed certificate");
    const overridden = await whoami([], env({ AWS_CA_BUNDLE: CERT_PATH }));
    expect(overridden.code).toBe(0);
  });

  it("a ca_bundle that cannot be read stops the run before any request, naming the profile", async () => {
    const run = await whoami(["--profile", "broken"]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toMatch(/^sessionfleet: ERR_INVALID_INPUT: Invalid ca_bundle \(of profile "broken"\): "\/nonexistent\/corporate-ca.pem"; expected a readable PEM file/);
    expect(run.stderr).not.toContain("--help");
  });
});
