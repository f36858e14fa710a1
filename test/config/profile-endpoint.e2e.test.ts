// Issue 12 A.2: a session made with `profile` honours that profile's `endpoint_url` and its
// `services` section exactly as the SDK does for AWS_PROFILE (@smithy/core endpoints:
// getEndpointFromConfig / getEndpointUrlConfig). Requests are counted on the sandboxes.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { profileFiles, sandboxKeys, type ProfileFiles } from "./profile-files.js";

let a: Sandbox;
let b: Sandbox;
let pool: ConnectionPool;
let files: ProfileFiles | undefined;
const sessions: CredentialSession[] = [];

beforeEach(async () => {
  [a, b] = await Promise.all([startSandbox({ faults: null }), startSandbox({ faults: null })]);
  pool = new ConnectionPool();
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  pool.destroy();
  await Promise.all([a.close(), b.close()]);
  files?.restore();
  files = undefined;
  for (const key of ["AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]) delete process.env[key];
});

function use(config: string): void {
  files = profileFiles(config, sandboxKeys("ops") + sandboxKeys("other"));
  files.use();
}
const session = (options: Record<string, unknown>) => {
  const s = new CredentialSession({ pool, ...options });
  sessions.push(s);
  return s;
};
const sts = (s: CredentialSession) => s.client(STSClient).send(new GetCallerIdentityCommand({}));
const rds = (s: CredentialSession) => s.client(RDSClient).send(new DescribeOptionGroupsCommand({}));

describe("the profile's endpoint_url (issue 12 A.2)", () => {
  it("new CredentialSession({ profile }) sends to the profile's endpoint_url", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\n`);
    expect((await sts(session({ profile: "ops" }))).Account).toBe("100000000001");
    expect(a.stats().byAction).toEqual({ "sts:GetCallerIdentity": 1 });
  });

  it("the profile's services section picks the endpoint per service, endpoint_url the rest", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\nservices = local\n\n[services local]\nsts =\n  endpoint_url = ${b.endpoint}\n`);
    const s = session({ profile: "ops" });
    await sts(s);
    await rds(s);
    expect(b.stats().byAction).toEqual({ "sts:GetCallerIdentity": 1 });
    expect(a.stats().byAction).toEqual({ "rds:DescribeOptionGroups": 1 });
  });

  it("the session's profile wins over AWS_PROFILE; the SDK's precedence stays (AWS_ENDPOINT_URL_STS beats the file)", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\n\n[profile other]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:9\n`);
    process.env.AWS_PROFILE = "other";
    await sts(session({ profile: "ops" }));
    expect(a.stats().requests).toBe(1);
    process.env.AWS_ENDPOINT_URL_STS = b.endpoint;
    await sts(session({ profile: "ops" }));
    expect(b.stats().requests).toBe(1);
  });

  it("the configured endpoint is looked up once per session, not per client: its regions and children keep it (issue 23)", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\n`);
    const s = session({ profile: "ops" });
    await sts(s);
    // Changed after the session's first lookup: the session's other clients, and its children's, keep the answer.
    process.env.AWS_ENDPOINT_URL_STS = b.endpoint;
    await sts(s.withRegion("us-west-2"));
    await sts(s.withRegion("eu-west-1").assumeRole("arn:aws:iam::200000000001:role/OrganizationAccountAccessRole"));
    expect(a.stats().byAction).toEqual({ "sts:GetCallerIdentity": 3, "sts:AssumeRole": 1 });
    await sts(session({ profile: "ops" }));
    expect(b.stats().byAction).toEqual({ "sts:GetCallerIdentity": 1 });
  });

  it("ignore_configured_endpoint_urls in the profile turns the file's endpoints off, as in the SDK", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\nignore_configured_endpoint_urls = true\n`);
    // With the file's endpoint ignored, the call would go to real AWS: give it a code endpoint instead.
    await sts(session({ profile: "ops", clientConfig: { endpoint: b.endpoint } }));
    expect([a.stats().requests, b.stats().requests]).toEqual([0, 1]);
    const ignoring = session({ profile: "ops" }).client(STSClient);
    expect(await (ignoring.config as unknown as { serviceConfiguredEndpoint: () => Promise<string | undefined> }).serviceConfiguredEndpoint()).toBeUndefined();
  });

  it("an endpoint in code (clientConfig) beats the profile's endpoint_url", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\n`);
    await sts(session({ profile: "ops", clientConfig: { endpoint: b.endpoint } }));
    expect([a.stats().requests, b.stats().requests]).toEqual([0, 1]);
  });

  it("AWS_PROFILE=ops without the profile option reaches the same endpoint (the SDK's own path)", async () => {
    use(`[profile ops]\nregion = us-east-1\nendpoint_url = ${a.endpoint}\n`);
    process.env.AWS_PROFILE = "ops";
    await sts(session({}));
    expect(a.stats().requests).toBe(1);
  });
});
