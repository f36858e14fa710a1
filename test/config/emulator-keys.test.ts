// Issue 12 A.3: emulators document short fake keys (LocalStack `test`/`test`, moto
// `testing`/`testing`). Any non-empty key id, secret and token without whitespace or control
// characters is accepted; a request signed with them reaches the server (the sandbox refuses the
// unknown key id, as AWS would, after reading the signature).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

let sb: Sandbox;
let pool: ConnectionPool;
beforeAll(async () => {
  sb = await startSandbox({ faults: null });
  pool = new ConnectionPool();
});
afterAll(async () => {
  pool.destroy();
  await sb.close();
});

const EMULATOR_KEYS = [
  { emulator: "LocalStack", accessKeyId: "test", secretAccessKey: "test" },
  { emulator: "moto", accessKeyId: "testing", secretAccessKey: "testing", sessionToken: "testing" },
  { emulator: "a custom one", accessKeyId: "local-dev_key.1", secretAccessKey: "s3cr3t/with+symbols=" },
];

describe("emulator keys (issue 12 A.3)", () => {
  it.each(EMULATOR_KEYS)("$emulator keys are accepted as explicit keys and as a credentials object", async ({ emulator: _e, ...keys }) => {
    const explicit = new CredentialSession({ ...keys, region: "us-east-1", pool });
    expect(await explicit.getCredentials()).toEqual(keys);
    const given = new CredentialSession({ credentials: keys, region: "us-east-1", pool });
    expect(await given.getCredentials()).toEqual(keys);
    await explicit.close();
    await given.close();
  });

  it("a request signed with `test`/`test` reaches the server, which is the one to refuse the key", async () => {
    const session = new CredentialSession({ accessKeyId: "test", secretAccessKey: "test", region: "us-east-1", clientConfig: { endpoint: sb.endpoint, maxAttempts: 1 }, pool });
    await expect(session.client(STSClient).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: "InvalidClientTokenId" });
    expect(sb.stats().requests).toBe(1);
    await session.close();
  });

  it.each([
    ["a space", "te st"], ["a tab", "test\t"], ["a newline", "test\n"], ["a NUL", "te\u0000st"], ["DEL", "test\u007f"],
    ["a no-break space", "test\u00a0"], ["a zero-width space", "te\u200bst"], ["a BOM", "\ufefftest"],
  ])("a key id or secret with %s is refused, unquoted", (_what, bad) => {
    for (const option of ["accessKeyId", "secretAccessKey"] as const) {
      let error: unknown;
      try {
        new CredentialSession({ accessKeyId: "test", secretAccessKey: "test", [option]: bad, region: "us-east-1", pool });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FleetError);
      expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option });
      expect((error as Error).message).not.toContain(bad);
      expect((error as Error).message).not.toContain(bad.replace(/[^\x21-\x7e]/g, ""));
    }
  });
});
