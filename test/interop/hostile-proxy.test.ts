// The library through a hostile proxy in front of moto's server: a proxy that re-frames answers
// (chunked, no length), cuts one off half-way, answers with its own empty 200 or HTML 403,
// trickles an answer a byte at a time, or hands out a new page token on every page. moto gives the real answers; boto3 through the same proxy shows the proxy itself is
// transparent when it means to be. Each fault was found this way before it had a test (the
// seventh stop's closing note; the cut answer, the eighth's): the empty 200, HTML 403, trickle and
// cut cases fail without their fixes (checked); the transparent and re-framed cases guard those fixes against being too eager.
import { createServer, request, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, fanOut } from "../../src/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { MOTO_ACCOUNT, MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";
import { listenLocal } from "./relay.js";

const ROLE = "OrganizationAccountAccessRole";

/** What the proxy does to one request: pass it on as it is, re-frame moto's answer, or answer itself. */
type Fault = "pass" | "chunked" | "cut" | "endless" | "empty200" | "html403" | "trickle";
type Rule = (body: string, headers: IncomingHttpHeaders) => Fault;

let moto: MotoServer;
let members: string[];
let proxy: Server;
let proxyUrl: string;
let rule: Rule = () => "pass";
let tokens = 0;
const trickling = new Set<NodeJS.Timeout>();

function answerItself(fault: Fault, res: ServerResponse): boolean {
  if (fault === "empty200") {
    res.writeHead(200, { "content-type": "text/xml", "transfer-encoding": "chunked" }).end();
  } else if (fault === "html403") {
    res.writeHead(403, { "content-type": "text/html" }).end("<html><body><h1>Blocked by the proxy's policy</h1></body></html>");
  } else if (fault === "trickle") {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.write('{"Accounts":[');
    const timer = setInterval(() => res.write(" "), 50);
    trickling.add(timer);
    res.on("close", () => {
      clearInterval(timer);
      trickling.delete(timer);
    });
  } else {
    return false;
  }
  return true;
}

beforeAll(async () => {
  moto = await startMoto();
  members = JSON.parse(await moto.python(`
import boto3, json
o = boto3.client("organizations")
o.create_organization(FeatureSet="ALL")
print(json.dumps([o.create_account(AccountName="m%d" % i, Email="m%d@example.com" % i)["CreateAccountStatus"]["AccountId"] for i in range(3)]))
`)) as string[];
  const upstream = new URL(moto.endpoint);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const fault = rule(body.toString("utf8"), req.headers);
      if (answerItself(fault, res)) return;
      // "endless": every JSON listing is asked from its start (the client's token taken out, moto
      // never sees it) and answered with a token never given before.
      const sent = fault === "endless" ? Buffer.from(JSON.stringify({ ...(JSON.parse(body.toString("utf8") || "{}") as object), NextToken: undefined })) : body;
      const headers = fault === "endless" ? { ...req.headers, "content-length": String(sent.length) } : req.headers;
      const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (c: Buffer) => parts.push(c));
        answer.on("end", () => {
          const whole = Buffer.concat(parts);
          const headers = { ...answer.headers };
          if (fault === "chunked") {
            // The same answer, re-framed: no Content-Length, sent in two chunks.
            delete headers["content-length"];
            res.writeHead(answer.statusCode ?? 502, { ...headers, "transfer-encoding": "chunked" });
            res.write(whole.subarray(0, 7));
            res.end(whole.subarray(7));
            return;
          }
          if (fault === "endless") {
            const page = JSON.stringify({ ...(JSON.parse(whole.toString("utf8")) as object), NextToken: `hostile-${++tokens}` });
            res.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": String(Buffer.byteLength(page)) }).end(page);
            return;
          }
          if (fault === "cut") {
            // moto's headers, its Content-Length included, and half its body; then the connection closes.
            res.writeHead(answer.statusCode ?? 502, headers);
            res.write(whole.subarray(0, whole.length >> 1));
            setImmediate(() => res.socket?.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, headers).end(whole);
        });
      });
      up.on("error", () => res.destroy());
      up.end(sent);
    });
  });
  proxyUrl = `http://127.0.0.1:${await listenLocal(proxy)}`;
}, 120_000);

afterAll(async () => {
  for (const timer of trickling) clearInterval(timer);
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await moto?.close();
});

/** Sessions made by whoamiOverOrg(), closed (with their pools) after each test; the proxy passes everything again. */
const opened: Array<{ session: CredentialSession; pool: ConnectionPool }> = [];
afterEach(async () => {
  rule = () => "pass";
  for (const { session, pool } of opened.splice(0)) {
    await session.close();
    pool.destroy();
  }
});

/** Whoami over the organisation's members through the proxy, on a pool of its own: each target's assumed-role ARN. */
async function whoamiOverOrg(poolOptions: ConstructorParameters<typeof ConnectionPool>[0] = {}) {
  const pool = new ConnectionPool(poolOptions);
  const session = new CredentialSession({ ...MOTO_KEYS, region: "us-east-1", clientConfig: { endpoint: proxyUrl, maxAttempts: 2 }, pool });
  opened.push({ session, pool });
  return fanOut({ session, accounts: "organization", roles: ROLE, regions: ["us-east-1"], timeoutMs: 20_000 }, async ({ session: target }) => (await target.identity()).arn);
}

describe("through a hostile proxy in front of moto", () => {
  it("a transparent proxy: every member answers as its assumed role, as boto3 sees it through the same proxy", async () => {
    rule = () => "pass";
    const report = await whoamiOverOrg();
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => r.accountId).sort()).toEqual([...members].sort());
    const viaBoto = (await moto.python(`
import boto3
print(boto3.client("sts", endpoint_url="${proxyUrl}").get_caller_identity()["Account"])
`)).trim();
    expect(viaBoto).toBe(MOTO_ACCOUNT);
  });

  it("every answer re-framed as chunked, no Content-Length: still every right answer (the check reads and hands them on)", async () => {
    rule = () => "chunked";
    const report = await whoamiOverOrg();
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => r.accountId).sort()).toEqual([...members].sort());
    for (const r of report.results) expect(r.ok && r.value).toMatch(new RegExp(`^arn:aws:sts::${r.accountId}:assumed-role/${ROLE}/`));
  });

  it("the proxy's empty chunked 200 for AssumeRole: each member fails at assume-role, kind server, saying so (not a config problem)", async () => {
    rule = (body) => (body.includes("Action=AssumeRole") ? "empty200" : "pass");
    const report = await whoamiOverOrg();
    expect(report.results.filter((r) => r.ok)).toEqual([]);
    expect(report.failed.map((f) => [f.stage, f.error.kind, f.error.httpStatus])).toEqual(members.map(() => ["assume-role", "server", 200]));
    expect(report.failed[0]!.error.message).toContain("HTTP 200 from STS AssumeRole with an empty body");
  });

  it("the proxy's HTML 403 for the members' own calls: kind server, not access-denied (IAM was never asked)", async () => {
    rule = (_body, headers) => (headers["x-amz-security-token"] !== undefined ? "html403" : "pass");
    const report = await whoamiOverOrg();
    expect(report.failed.map((f) => [f.stage, f.error.kind, f.error.httpStatus, f.error.retryable])).toEqual(members.map(() => ["task", "server", 403, false]));
  });

  it("Organizations ListAccounts trickled a byte at a time: cut off at the pool's socketTimeoutMs per attempt, a discover timeout, not a hang", async () => {
    rule = (_body, headers) => (String(headers["x-amz-target"] ?? "").endsWith(".ListAccounts") ? "trickle" : "pass");
    const started = performance.now();
    const report = await whoamiOverOrg({ socketTimeoutMs: 500 });
    const ms = performance.now() - started;
    expect(report.failed.map((f) => [f.stage, f.error.kind])).toEqual([["discover", "timeout"]]);
    expect(report.failed[0]!.error.message).toMatch(/Organizations ListAccounts: the answer was still arriving 500 ms after its headers/);
    expect(ms).toBeLessThan(15_000);
  });

  it("moto's AssumeRole answers cut off half-way: each member fails at assume-role, kind network, saying the connection closed mid-answer", async () => {
    rule = (body) => (body.includes("Action=AssumeRole") ? "cut" : "pass");
    const report = await whoamiOverOrg();
    expect(report.results.filter((r) => r.ok)).toEqual([]);
    expect(report.failed.map((f) => [f.stage, f.error.kind, f.error.retryable])).toEqual(members.map(() => ["assume-role", "network", true]));
    expect(report.failed[0]!.error.message).toContain("STS AssumeRole: the connection closed before the whole answer arrived (HTTP 200; Node: aborted)");
  });

  it("ListAccounts with a new NextToken on every page: our CLI's call stops after --max-pages with a clear failure, where it paged for ever", async () => {
    rule = (_body, headers) => (String(headers["x-amz-target"] ?? "").endsWith(".ListAccounts") ? "endless" : "pass");
    const before = tokens;
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: MOTO_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_KEYS.secretAccessKey, AWS_REGION: "us-east-1" });
    const run = await runCli(["call", "organizations", "list-accounts", "--endpoint-url", proxyUrl, "--max-pages", "20", "--format", "json"], env);
    expect(run.code).toBe(1);
    expect(tokens - before).toBe(20);
    const out = JSON.parse(run.stdout) as { targets: Array<{ ok: boolean; error?: { code: string; message: string } }> };
    expect(out.targets.map((t) => [t.ok, t.error?.code])).toEqual([[false, "ERR_TASK"]]);
    expect(out.targets[0]!.error!.message).toContain("@aws-sdk/client-organizations ListAccounts was still handing out new pagination tokens after 20 pages");
  }, 60_000);
});
