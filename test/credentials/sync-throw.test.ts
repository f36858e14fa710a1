// Issue 12 B.8: a credentials provider that throws synchronously must not poison the session:
// the next call retries the provider (as it does after an async rejection).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";
import { refreshingProvider } from "../../src/credentials/refreshing.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

let sb: Sandbox | undefined;
let pool: ConnectionPool | undefined;
afterEach(async () => {
  pool?.destroy();
  await sb?.close();
  sb = pool = undefined;
});

describe("a provider that throws synchronously", () => {
  it("refreshingProvider: the next call loads again after a synchronous throw", async () => {
    let calls = 0;
    const provider = refreshingProvider((() => {
      calls++;
      if (calls === 1) throw new Error("not yet");
      return Promise.resolve({ accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret" });
    }) as () => Promise<{ accessKeyId: string; secretAccessKey: string }>);
    await expect(provider()).rejects.toThrow("not yet");
    expect((await provider()).accessKeyId).toBe("AKIAFAKEFAKEFAKE0001");
    expect(calls).toBe(2);
  });

  it("a session recovers: the 2nd identity() succeeds with exactly 1 GetCallerIdentity on the wire", async () => {
    sb = await startSandbox();
    pool = new ConnectionPool();
    let calls = 0;
    const creds = sb.credentials;
    const flaky = (() => {
      calls++;
      if (calls === 1) throw new Error("keychain locked");
      return Promise.resolve(creds);
    }) as () => Promise<typeof creds>;
    const session = new CredentialSession({ credentials: flaky, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool });
    const first = await session.getCredentials().then(() => undefined, (e: unknown) => e);
    expect(first).toBeInstanceOf(FleetError);
    expect((first as FleetError).code).toBe("ERR_NO_CREDENTIALS");
    const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(sb.managementAccountId);
    expect(calls).toBe(2);
    expect(sb.stats().byAction).toEqual({ "sts:GetCallerIdentity": 1 });
    await session.close();
  });
});
