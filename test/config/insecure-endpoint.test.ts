// Issue 12 A.4: http:// endpoints stay allowed, but one that leaves this machine emits ONE
// warning (code SESSIONFLEET_INSECURE_ENDPOINT) per endpoint and process: a signed request's
// session token would travel in clear. Loopback (127.0.0.0/8, ::1, localhost) is quiet.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { CredentialSession } from "../../src/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { profileFiles, sandboxKeys } from "./profile-files.js";

const CODE = "SESSIONFLEET_INSECURE_ENDPOINT";
let emit: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  emit = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
});
afterEach(() => emit.mockRestore());

const ours = () => emit.mock.calls.filter(([, options]) => typeof options === "object" && options !== null && (options as { code?: string }).code === CODE);
const make = (endpoint: string) => new CredentialSession({ accessKeyId: "test", secretAccessKey: "test", region: "us-east-1", clientConfig: { endpoint }, pool: {} });

describe("insecure endpoints (issue 12 A.4)", () => {
  it("http://localstack:4566 is allowed and warned about once, however many sessions use it", async () => {
    const sessions = [make("http://localstack:4566"), make("http://localstack:4566/"), make("http://localstack:4566")];
    expect(ours()).toHaveLength(1);
    const [message] = ours()[0]!;
    expect(String(message)).toContain("http://localstack:4566");
    expect(String(message)).toMatch(/session token/i);
    for (const s of sessions) await s.close();
  });

  it("another non-loopback http endpoint gets its own warning; client overrides are checked too", async () => {
    const s = make("http://10.1.2.3:4566");
    expect(ours()).toHaveLength(1);
    s.client(STSClient, { endpoint: "http://192.0.2.10:4566" });
    expect(ours()).toHaveLength(2);
    await s.close();
  });

  it.each(["http://127.0.0.1:4566", "http://127.42.0.9:4566", "http://[::1]:4566", "http://localhost:4566", "http://LOCALHOST:4566", "https://sts.example.com", "https://10.1.2.3:4566"])(
    "%s is quiet", async (endpoint) => {
      const s = make(endpoint);
      expect(ours()).toHaveLength(0);
      await s.close();
    });

  it("an http endpoint_url from the profile warns when it is used", async () => {
    // 0.0.0.0 is not loopback by name or range; connecting to it fails at once on this machine.
    const files = profileFiles("[profile ops]\nregion = us-east-1\nendpoint_url = http://0.0.0.0:9\n", sandboxKeys("ops"));
    files.use();
    try {
      const s = new CredentialSession({ profile: "ops", clientConfig: { maxAttempts: 1 }, pool: {} });
      expect(ours()).toHaveLength(0);
      await expect(s.client(STSClient).send(new GetCallerIdentityCommand({}))).rejects.toThrow();
      expect(ours()).toHaveLength(1);
      expect(String(ours()[0]![0])).toContain("http://0.0.0.0:9");
      await s.close();
    } finally {
      files.restore();
    }
  });

  it("the CLI prints the warning once on stderr for --endpoint-url http://<remote>", async () => {
    const run = await runCli(["whoami", "--endpoint-url", "http://0.0.0.0:9", "--region", "us-east-1", "--format", "json"], cleanEnv({ AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_MAX_ATTEMPTS: "1" }));
    expect(run.stderr.split(CODE).length - 1).toBe(1);
  });
});
