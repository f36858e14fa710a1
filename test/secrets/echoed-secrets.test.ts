// A server that quotes what it was sent (issue: one redaction module, tried from outside): an STS
// that answers AssumeRole with an error whose message carries the caller's session token (which
// travels in a header) and secret key. Neither may reach the error, its causes, the fanOut
// record, the session's inspect/JSON view or the CLI's failure summary; the key id shows masked.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession, fanOut } from "../../src/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { leaks, type Secret } from "./capture.js";

const KEY_ID = "ASIAFAKEECHOEDKEY001";
const SECRET = "FAKEechoedSECRETkeyNOTreal0000000000000001";
const TOKEN = "FAKEechoedSESSIONtokenNOTreal00000000000000000000000000000001";
const secrets: Secret[] = [
  { kind: "caller secret key", value: SECRET },
  { kind: "issued session token", value: TOKEN },
  { kind: "caller access key id", value: KEY_ID },
];
let server: Server;
let endpoint: string;
let answered = 0;

beforeAll(async () => {
  // Quotes the token it was sent, and the secret (as a debugging proxy that echoes its config
  // would), each with one character as an XML character reference: the parsed message holds the
  // secret whole while the raw body does not, which once slipped past the body-word scrub.
  const escaped = (text: string) => `${text.slice(0, 6)}&#${text.charCodeAt(6)};${text.slice(7)}`;
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      answered++;
      const token = String(req.headers["x-amz-security-token"] ?? "");
      const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>`
        + `<Message>The security token included in the request is invalid: ${escaped(token)} (key ${escaped(KEY_ID)}, secret ${escaped(SECRET)})</Message></Error><RequestId>echo-1</RequestId></ErrorResponse>`;
      res.writeHead(403, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));

const deep = (value: unknown): string => {
  let text = `${inspect(value, { showHidden: true, depth: null, getters: true })}\n${JSON.stringify(value) ?? ""}\n${String(value)}`;
  for (let e: unknown = value, i = 0; e instanceof Error && i < 8; e = e.cause, i++) text += `\n${e.stack ?? ""}\n${e.message}`;
  return text;
};

describe("secrets a server echoes back", () => {
  it("an AssumeRole error quoting the session token and secret: none in the error, its causes, the record or the session's view", async () => {
    const base = new CredentialSession({ credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: TOKEN }, region: "us-east-1", clientConfig: { endpoint, maxAttempts: 1 } });
    try {
      const error = await base.assumeRole("arn:aws:iam::200000000001:role/Audit").getCredentials().then(() => undefined, (e: unknown) => e);
      expect((error as Error).message).toMatch(/^AssumeRole arn:aws:iam::200000000001:role\/Audit failed: InvalidClientTokenId: The security token included in the request is invalid: \[redacted\] \(key ASIA…Y001, secret \[redacted\]\)$/);
      const report = await fanOut({ session: base, accounts: ["200000000001"], roles: "Audit", regions: ["us-east-1"] }, async () => 1);
      expect(report.failed).toHaveLength(1);
      expect([
        ...leaks(secrets, deep(error), "the error"),
        ...leaks(secrets, deep(report), "the report"),
        ...leaks(secrets, deep(base), "the session"),
      ]).toEqual([]);
      expect(answered).toBeGreaterThanOrEqual(2);
    } finally {
      await base.close();
    }
  });

  it("the CLI's failure summary (and --verbose, and json) shows the message without them", async () => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_REGION: "us-east-1" });
    const args = ["whoami", "--endpoint-url", endpoint, "--accounts", "200000000001", "--role", "Audit", "--regions", "us-east-1", "--no-cache"];
    const table = await runCli([...args, "--verbose"], env);
    const json = await runCli([...args, "--format", "json"], env);
    expect([table.code, json.code]).toEqual([1, 1]);
    expect(table.stderr).toContain("AWS said: The security token included in the request is invalid: [redacted] (key ASIA…Y001, secret [redacted])");
    expect([...leaks(secrets, table.stdout + table.stderr, "table run"), ...leaks(secrets, json.stdout + json.stderr, "json run")]).toEqual([]);
  });
});
