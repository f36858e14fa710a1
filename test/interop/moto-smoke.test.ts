// The harness itself: moto starts, boto3 reaches it, and the library's session signs requests
// moto accepts (GetCallerIdentity answers moto's default account).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession } from "../../src/index.js";
import { MOTO_ACCOUNT, MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.close();
});

describe("moto harness", () => {
  it("boto3 and the library both see moto's default account", async () => {
    const fromBoto = (await moto.python("import boto3; print(boto3.client('sts').get_caller_identity()['Account'])")).trim();
    expect(fromBoto).toBe(MOTO_ACCOUNT);
    const session = new CredentialSession({ ...MOTO_KEYS, region: "us-east-1", clientConfig: { endpoint: moto.endpoint } });
    try {
      expect((await session.identity()).accountId).toBe(MOTO_ACCOUNT);
    } finally {
      await session.close();
    }
  });
});
