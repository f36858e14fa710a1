// Closing a child while its AssumeRole is still being prepared (here: waiting for the MFA code)
// aborts that AssumeRole: the signal handed to STS is the one of the load that close() aborted,
// not the fresh one the reopened child gets. Otherwise a fan-out target's timeout would leave an
// STS call on the wire outside its concurrency slot (issue 12 C.12).
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialSession } from "../../src/index.js";

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const keys = { accessKeyId: "AKIAFAKEUNIT00000002", secretAccessKey: "fake-unit-secret", region: "us-east-1" };

describe("assumeRole closed mid-load", () => {
  it("sends the AssumeRole with the aborted signal of the load that close() ended", async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: "ASIAFAKEISSUED000009", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(Date.now() + 3_600_000) } });
    let giveCode: (code: string) => void = () => undefined;
    let asked: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (asked = resolve));
    const base = new CredentialSession(keys);
    const child = base.assumeRole({
      roleArn: "arn:aws:iam::222222222222:role/Audit", serialNumber: "arn:aws:iam::111111111111:mfa/alice",
      tokenCode: () => new Promise<string>((resolve) => ((giveCode = resolve), asked())),
    });
    const loading = child.getCredentials().catch((error: unknown) => error);
    await waiting;
    await child.close();
    giveCode("123456");
    await loading;
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1);
    // aws-sdk-client-mock types only the command, but the stub records send()'s options too.
    const options = (calls[0]!.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined;
    expect(options?.abortSignal?.aborted).toBe(true);
  });
});
