// A server that accepts a request and then says nothing costs socketTimeoutMs, not forever, even
// with no timeoutMs and no signal: the pool gives every request an inactivity deadline by default.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, fanOut } from "../../src/index.js";
import { DEFAULT_SOCKET_TIMEOUT_MS } from "../../src/connections/pool.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

let sb: Sandbox;
beforeAll(async () => {
  // RDS never answers (600 s stands for "hung"); STS does.
  sb = await startSandbox({ latencyMs: { byService: { rds: 600_000 } } });
});
afterAll(async () => {
  await sb?.close();
});

describe("socketTimeoutMs", () => {
  it("a hung RDS fails the call as a timeout after the socket's silence, with no timeoutMs given", async () => {
    const pool = new ConnectionPool({ socketTimeoutMs: 300 });
    const session = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint, maxAttempts: 1 }, pool });
    try {
      const started = performance.now();
      const report = await fanOut({ session }, ({ session: s, signal }) => s.client(RDSClient).send(new DescribeOptionGroupsCommand({}), { abortSignal: signal }));
      expect(report.results).toHaveLength(1);
      const [record] = report.failed;
      expect(record?.stage).toBe("task");
      expect(record?.error.kind).toBe("timeout");
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(1);
    } finally {
      await session.close();
      pool.destroy();
    }
  });

  it("defaults to 120 s (the AWS SDK for JavaScript v2's socket timeout), and 0 turns it off", () => {
    expect(DEFAULT_SOCKET_TIMEOUT_MS).toBe(120_000);
    expect(() => new ConnectionPool({ socketTimeoutMs: 0 }).destroy()).not.toThrow();
    expect(() => new ConnectionPool({ socketTimeoutMs: -1 })).toThrow(/socketTimeoutMs/);
  });
});
