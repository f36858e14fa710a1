import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionPool, CredentialSession } from "../../src/index.js";
import { harness, type Harness } from "./helpers.js";
import { settledRequests } from "./settled.js";

let h: Harness;
beforeEach(async () => (h = await harness()));
afterEach(async () => h.close());

describe("CredentialSession against the sandbox", () => {
  it("sends nothing when constructed, given a region view or a child", async () => {
    const session = new CredentialSession({ credentials: h.sb.credentials, region: "us-east-1", clientConfig: { endpoint: h.sb.endpoint }, pool: h.pool });
    session.withRegion("eu-west-1").assumeRole("arn:aws:iam::200000000001:role/OrganizationAccountAccessRole").client(RDSClient);
    expect(await settledRequests(h.sb)).toBe(0);
    // The probe opened one connection of its own.
    expect(h.sb.stats().connections).toBe(1);
  });

  it("22 sequential calls in two regions open at most 2 TCP connections", async () => {
    for (let i = 0; i < 22; i++) {
      const region = i % 2 === 0 ? "us-east-1" : "us-west-1";
      await h.base.withRegion(region).client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    }
    // Counted by the server: the requests it received and the TCP connections it accepted.
    expect(h.sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(22);
    expect(h.sb.stats().requests).toBe(22);
    expect(h.sb.stats().connections).toBeGreaterThanOrEqual(1);
    expect(h.sb.stats().connections).toBeLessThanOrEqual(2);
  });

  it("closing one session loses none of another session's in-flight calls on the same pool", async () => {
    h.sb.setLatency({ byService: { rds: 150 } });
    const other = new CredentialSession({ credentials: h.sb.credentials, region: "us-east-1", clientConfig: { endpoint: h.sb.endpoint, maxAttempts: 1 }, pool: h.pool });
    await h.base.client(RDSClient).send(new DescribeOptionGroupsCommand({})); // h.base has a live client to destroy
    const inFlight = Array.from({ length: 10 }, () => other.client(RDSClient).send(new DescribeOptionGroupsCommand({})));
    await h.base.close();
    const results = await Promise.allSettled(inFlight);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    // The pool still serves new calls after a session closed.
    const after = await h.base.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    expect(after.$metadata.httpStatusCode).toBe(200);
    expect(h.sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(12);
    await other.close();
  });

  it("close() of every session and pool.destroy() leave no open socket", async () => {
    const pool = new ConnectionPool();
    const session = new CredentialSession({ credentials: h.sb.credentials, region: "us-east-1", clientConfig: { endpoint: h.sb.endpoint }, pool });
    await Promise.all(Array.from({ length: 5 }, () => session.client(RDSClient).send(new DescribeOptionGroupsCommand({}))));
    // The server's view: keep-alive connections are still open after the calls.
    expect(h.sb.stats().openConnections).toBeGreaterThan(0);
    await session.close();
    pool.destroy();
    // The server sees every connection closed (a close event takes a turn or two to arrive).
    await vi.waitFor(() => expect(h.sb.stats().openConnections).toBe(0), { timeout: 2000, interval: 5 });
    expect(pool.stats().socketsOpen).toBe(0);
  });

  it("identity() is one cached GetCallerIdentity", async () => {
    const [a, b] = await Promise.all([h.base.identity(), h.base.identity()]);
    expect(a).toEqual({ accountId: "100000000001", arn: "arn:aws:iam::100000000001:user/sandbox-admin", userId: expect.any(String) });
    expect(b).toBe(a);
    await h.base.identity();
    expect(h.sb.stats().byAction["sts:GetCallerIdentity"]).toBe(1);
  });
});
