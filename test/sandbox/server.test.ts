import { describe, expect, it } from "vitest";
import { connect, createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "../../src/sandbox/sigv4.js";
import { formatSandboxExports, sandboxEnv, startSandbox } from "../../src/sandbox/index.js";
import { assume, clientConfig } from "./helpers.js";

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("sandbox server", () => {
  it("stats count exactly what was sent", async () => {
    const sb = await startSandbox();
    try {
      const member = await assume(sb, "200000000004", "OrganizationAccountAccessRole", "eu-west-1");
      await new STSClient(clientConfig(sb)).send(new GetCallerIdentityCommand({}));
      await new RDSClient(clientConfig(sb, "ap-northeast-1", member)).send(new DescribeOptionGroupsCommand({}));
      await new RDSClient(clientConfig(sb, "us-east-1", member)).send(new DescribeOptionGroupsCommand({}));
      await new OrganizationsClient(clientConfig(sb)).send(new ListAccountsCommand({}));
      const unsigned = await fetch(`${sb.endpoint}/`, { method: "POST", body: "Action=GetCallerIdentity" });
      expect(unsigned.status).toBe(403);
      expect(await unsigned.text()).toContain("<Code>MissingAuthenticationToken</Code>");
      const stats = sb.stats();
      expect(stats).toMatchObject({
        requests: 6,
        byService: { sts: 2, rds: 2, organizations: 1, unknown: 1 },
        byAction: { "sts:AssumeRole": 1, "sts:GetCallerIdentity": 1, "rds:DescribeOptionGroups": 2, "organizations:ListAccounts": 1, "unknown:unknown": 1 },
        byAccount: { "100000000001": 3, "200000000004": 2, unknown: 1 },
        byRegion: { "eu-west-1": 1, "us-east-1": 3, "ap-northeast-1": 1, unknown: 1 },
        assumeRole: { total: 1, byAccount: { "200000000004": 1 } },
        errors: { MissingAuthenticationToken: 1 },
        signatureFailures: 1,
        inFlight: 0,
        maxInFlight: 1,
        faults: {},
      });
      expect(stats.connections).toBeGreaterThanOrEqual(1);
      sb.resetStats();
      expect(sb.stats()).toMatchObject({ requests: 0, byService: {}, byAction: {}, byAccount: {}, errors: {}, assumeRole: { total: 0, byAccount: {} }, signatureFailures: 0 });
    } finally {
      await sb.close();
    }
  });

  it("counts connections, concurrent requests and adds latency (first request on a connection pays extra)", async () => {
    const sb = await startSandbox({ latencyMs: { default: 20, byService: { sts: 30 }, firstRequestOnConnection: 100 } });
    try {
      const sts = new STSClient(clientConfig(sb));
      let started = Date.now();
      await sts.send(new GetCallerIdentityCommand({}));
      const first = Date.now() - started;
      expect(first).toBeGreaterThanOrEqual(150);
      // Held long enough that all five overlap even on a loaded machine.
      sb.setLatency(500);
      started = Date.now();
      await Promise.all(Array.from({ length: 5 }, () => sts.send(new GetCallerIdentityCommand({}))));
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      const stats = sb.stats();
      expect(stats.requests).toBe(6);
      expect(stats.maxInFlight).toBe(5);
      expect(stats.inFlight).toBe(0);
      // Keep-alive: the first socket is reused if it is free again in time, plus one per other request.
      expect(stats.connections).toBeGreaterThanOrEqual(5);
      expect(stats.connections).toBeLessThanOrEqual(6);
      expect(stats.openConnections).toBe(stats.connections);
      sb.setLatency(0);
      await sts.send(new GetCallerIdentityCommand({}));
      expect(sb.stats().requests).toBe(7);
    } finally {
      await sb.close();
    }
  });

  it("binds 127.0.0.1 only, and close() frees the port even with keep-alive sockets open", async () => {
    const sb = await startSandbox();
    const port = sb.port;
    expect(sb.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(await canConnect("127.0.0.1", port)).toBe(true);
    const external = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === "IPv4");
    if (external) expect(await canConnect(external.address, port)).toBe(false);
    await new STSClient(clientConfig(sb)).send(new GetCallerIdentityCommand({}));
    expect(sb.stats().openConnections).toBeGreaterThanOrEqual(1);
    await sb.close();
    await sb.close(); // idempotent
    expect(await canConnect("127.0.0.1", port)).toBe(false);
    const reuse = createServer();
    await new Promise<void>((resolve, reject) => reuse.once("error", reject).listen(port, "127.0.0.1", resolve));
    await new Promise((resolve) => reuse.close(resolve));
  });

  it("close() does not wait for requests held by latency", async () => {
    const sb = await startSandbox({ latencyMs: 60_000 });
    const pending = new STSClient(clientConfig(sb)).send(new GetCallerIdentityCommand({})).then(() => "ok", () => "failed");
    while (sb.stats().requests === 0) await new Promise((resolve) => setImmediate(resolve));
    await sb.close();
    expect(await pending).toBe("failed");
  });

  it("gives the environment for another shell", async () => {
    const sb = await startSandbox({ regions: { enabled: ["eu-central-1", "us-east-1"] } });
    try {
      expect(sandboxEnv(sb)).toEqual({
        AWS_ENDPOINT_URL: sb.endpoint, AWS_ACCESS_KEY_ID: "AKIAFAKESANDBOXADMIN", AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "eu-central-1",
      });
      expect(formatSandboxExports(sb)).toBe(
        `export AWS_ENDPOINT_URL=${sb.endpoint}\nexport AWS_ACCESS_KEY_ID=AKIAFAKESANDBOXADMIN\nexport AWS_SECRET_ACCESS_KEY=${sb.credentials.secretAccessKey}\nexport AWS_REGION=eu-central-1\n`,
      );
      Object.assign(process.env, sandboxEnv(sb));
      try {
        // A client configured only by the environment, as in the user's other shell.
        const me = await new STSClient({}).send(new GetCallerIdentityCommand({}));
        expect(me.Account).toBe("100000000001");
      } finally {
        for (const key of Object.keys(sandboxEnv(sb))) delete process.env[key];
      }
    } finally {
      await sb.close();
    }
  });
});

describe("requests the sandbox cannot place", () => {
  it("answers an unknown service or action with an error, and counts it", async () => {
    const sb = await startSandbox();
    try {
      const send = async (service: string, body: string) => {
        const signer = new SignatureV4({ credentials: sb.credentials, region: "us-east-1", service, sha256: NodeSha256 });
        const host = `127.0.0.1:${sb.port}`;
        const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: sb.port, path: "/", query: {}, headers: { host, "content-type": "application/x-www-form-urlencoded" }, body });
        const res = await fetch(`${sb.endpoint}/`, { method: "POST", headers: signed.headers as Record<string, string>, body });
        return [res.status, await res.text()] as const;
      };
      const [status, text] = await send("constructor", "Action=X");
      expect(status).toBe(400);
      expect(text).toContain("UnknownService");
      const [status2, text2] = await send("sts", "Action=DecodeAuthorizationMessage");
      expect(status2).toBe(400);
      expect(text2).toContain("<Code>InvalidAction</Code>");
      expect(sb.stats().errors).toEqual({ UnknownService: 1, InvalidAction: 1 });
    } finally {
      await sb.close();
    }
  });
});
