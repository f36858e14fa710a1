// latencyMs.byAccount: an account whose STS AssumeRole (keyed by the role's account) is slow or
// never answers, while other accounts answer at once; an aborted request leaves the in-flight gauge.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it, vi } from "vitest";
import { startSandbox } from "../../src/sandbox/index.js";
import { clientConfig, rejection } from "./helpers.js";

const role = (accountId: string) => `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;

describe("sandbox latencyMs.byAccount", () => {
  it("delays only the account asked for; an abandoned request leaves inFlight", async () => {
    const sb = await startSandbox({ latencyMs: { byAccount: { "200000000002": 600_000 } } });
    const sts = new STSClient(clientConfig(sb));
    try {
      const fast = await sts.send(new AssumeRoleCommand({ RoleArn: role("200000000001"), RoleSessionName: "test" }));
      expect(fast.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      const controller = new AbortController();
      const hung = sts.send(new AssumeRoleCommand({ RoleArn: role("200000000002"), RoleSessionName: "test" }), { abortSignal: controller.signal });
      await vi.waitFor(() => expect(sb.stats().inFlight).toBe(1), { timeout: 2000, interval: 5 });
      controller.abort();
      expect((await rejection(hung)).name).toBe("AbortError");
      await vi.waitFor(() => expect(sb.stats().inFlight).toBe(0), { timeout: 2000, interval: 5 });
      expect(sb.stats()).toMatchObject({ maxInFlight: 1, assumeRole: { total: 2, byAccount: { "200000000002": 1, "200000000001": 1 } } });
    } finally {
      sts.destroy();
      await sb.close();
    }
  });

  it("refuses a key that is not an account id, naming it", async () => {
    await expect(startSandbox({ latencyMs: { byAccount: { "us-east-1": 5 } } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "latencyMs.byAccount.us-east-1" });
    await expect(startSandbox({ latencyMs: { byAccount: { "200000000002": -1 } } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "latencyMs.byAccount.200000000002" });
  });
});
