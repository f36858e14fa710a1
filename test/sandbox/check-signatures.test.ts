// checkSignatures: false skips only the HMAC check (throughput benchmarks); keys, tokens and
// validation stay as they are.
import { describe, expect, it } from "vitest";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { startSandbox } from "../../src/sandbox/index.js";
import { clientConfig, rejection } from "./helpers.js";

const wrongSecret = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: "FAKEwrongSECRET0000000000000000000000000" });
const identity = new GetCallerIdentityCommand({});

describe("sandbox checkSignatures", () => {
  it("default: a wrong secret is refused; false: the same request is answered, an unknown key still is not", async () => {
    const strict = await startSandbox();
    const loose = await startSandbox({ checkSignatures: false });
    try {
      expect((await rejection(new STSClient(clientConfig(strict, "us-east-1", wrongSecret(strict.credentials.accessKeyId))).send(identity))).name).toBe("SignatureDoesNotMatch");
      const out = await new STSClient(clientConfig(loose, "us-east-1", wrongSecret(loose.credentials.accessKeyId))).send(identity);
      expect(out.Account).toBe(loose.managementAccountId);
      expect(loose.stats().signatureFailures).toBe(0);
      const unknown = { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "FAKEsecret" };
      expect((await rejection(new STSClient(clientConfig(loose, "us-east-1", unknown)).send(identity))).name).toBe("InvalidClientTokenId");
    } finally {
      await strict.close();
      await loose.close();
    }
  });

  it("a non-boolean is ERR_INVALID_INPUT naming checkSignatures", async () => {
    await expect(startSandbox({ checkSignatures: "no" as unknown as boolean })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "checkSignatures" });
  });
});
