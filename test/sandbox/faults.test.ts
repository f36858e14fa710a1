import { describe, expect, it } from "vitest";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { clientConfig } from "./helpers.js";

/** Outcome of each of `n` sequential GetCallerIdentity calls: "ok" or the error's name/code. */
async function outcomes(sb: Sandbox, n: number, region = "us-east-1"): Promise<string[]> {
  const sts = new STSClient(clientConfig(sb, region));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      await sts.send(new GetCallerIdentityCommand({}));
      out.push("ok");
    } catch (error) {
      out.push((error as { code?: string }).code ?? (error as Error).name);
    }
  }
  return out;
}

async function withSandbox<T>(options: SandboxOptions, fn: (sb: Sandbox) => Promise<T>): Promise<T> {
  const sb = await startSandbox(options);
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

describe("fault injection", () => {
  it("is reproducible under a seed and differs with another seed", async () => {
    const faults = { seed: 42, throttleRate: 0.2, serverErrorRate: 0.2, resetRate: 0.1 };
    const first = await withSandbox({ faults }, (sb) => outcomes(sb, 40));
    const again = await withSandbox({ faults }, (sb) => outcomes(sb, 40));
    const other = await withSandbox({ faults: { ...faults, seed: 43 } }, (sb) => outcomes(sb, 40));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const kinds = new Set(first);
    for (const kind of ["ok", "Throttling", "InternalFailure", "ServiceUnavailable", "ECONNRESET"]) expect(kinds).toContain(kind);
  });

  it("stats count every attempt and every fault", async () => {
    await withSandbox({ faults: { seed: 7, throttleRate: 0.5 } }, async (sb) => {
      const result = await outcomes(sb, 40);
      const throttled = result.filter((r) => r === "Throttling").length;
      expect(throttled).toBeGreaterThan(5);
      const stats = sb.stats();
      expect(stats.requests).toBe(40);
      expect(stats.errors).toEqual({ Throttling: throttled });
      expect(stats.faults).toEqual({ throttle: throttled });
    });
  });

  it("uses each protocol's throttling code", async () => {
    await withSandbox({ faults: { throttleRate: 1 } }, async (sb) => {
      const fail = (p: Promise<unknown>) => p.then(() => "ok", (e: Error) => e.name);
      expect(await fail(new RDSClient(clientConfig(sb)).send(new DescribeOptionGroupsCommand({})))).toBe("Throttling");
      expect(await fail(new OrganizationsClient(clientConfig(sb)).send(new ListAccountsCommand({})))).toBe("TooManyRequestsException");
      expect(await fail(new EC2Client(clientConfig(sb)).send(new DescribeRegionsCommand({})))).toBe("RequestLimitExceeded");
    });
  });

  it("the SDK's retries get through; faults can be limited to services and changed at runtime", async () => {
    await withSandbox({ faults: { seed: 3, throttleRate: 0.3, services: ["rds"] } }, async (sb) => {
      expect(await outcomes(sb, 20)).toEqual(Array(20).fill("ok"));
      // No backoff: the test is about counts, not waiting.
      const rds = new RDSClient({ ...clientConfig(sb), retryStrategy: new ConfiguredRetryStrategy(10, () => 0) });
      for (let i = 0; i < 10; i++) await rds.send(new DescribeOptionGroupsCommand({}));
      const stats = sb.stats();
      expect(stats.byAction["rds:DescribeOptionGroups"]).toBe(10 + (stats.faults.throttle ?? 0));
      sb.setFaults({ resetRate: 1 });
      expect(await outcomes(sb, 2)).toEqual(["ECONNRESET", "ECONNRESET"]);
      sb.setFaults(null);
      expect(await outcomes(sb, 2)).toEqual(["ok", "ok"]);
    });
  });

  it("faults come after the signature check", async () => {
    await withSandbox({ faults: { throttleRate: 1 } }, async (sb) => {
      const bad = { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: "FAKEwrong" };
      const name = await new STSClient(clientConfig(sb, "us-east-1", bad)).send(new GetCallerIdentityCommand({})).then(() => "ok", (e: Error) => e.name);
      expect(name).toBe("SignatureDoesNotMatch");
    });
  });
});
