// Issue 12 B.5: STS fails (does not clamp) an AssumeRole over one hour made with role
// credentials ("role chaining"). A child of role credentials refuses durationSeconds > 3600 before
// any call; the sandbox fails such a request as STS does.
// AWS: STS API Reference, AssumeRole, DurationSeconds ("if you assume a role using role chaining
// and provide a DurationSeconds parameter value greater than one hour, the operation fails").
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialSession, fanOut, FleetError } from "../../src/index.js";
import { harness, roleArn, type Harness } from "./helpers.js";

let h: Harness;
beforeEach(async () => (h = await harness()));
afterEach(async () => h.close());

const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => new Error("expected a failure"), (e: unknown) => e);
const CHAIN_MESSAGE = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";

describe("role chaining is capped at one hour", () => {
  it("the sandbox fails a chained AssumeRole over 3600 s with STS's ValidationError", async () => {
    const hub = await h.base.assumeRole(roleArn("200000000001")).getCredentials();
    const sts = new STSClient({ region: "us-east-1", endpoint: h.sb.endpoint, credentials: hub, requestHandler: h.pool.requestHandler });
    const error = await failure(sts.send(new AssumeRoleCommand({ RoleArn: roleArn("200000000002"), RoleSessionName: "chained", DurationSeconds: 7200 })));
    expect(error).toMatchObject({ name: "ValidationError", message: CHAIN_MESSAGE, $metadata: { httpStatusCode: 400 } });
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn("200000000002"), RoleSessionName: "chained", DurationSeconds: 3600 }));
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    // Long-term keys may ask for 12 hours.
    const direct = await h.base.client(STSClient).send(new AssumeRoleCommand({ RoleArn: roleArn("200000000002"), RoleSessionName: "direct", DurationSeconds: 43_200 }));
    expect(direct.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    sts.destroy();
  });

  it("a child of an assumeRole child refuses durationSeconds 7200 at once: ERR_INVALID_INPUT, 0 requests", async () => {
    const hub = h.base.assumeRole(roleArn("200000000001"));
    const error = await failure(Promise.resolve().then(() => hub.assumeRole({ roleArn: roleArn("200000000002"), durationSeconds: 7200 })));
    await new Promise((resolve) => setImmediate(resolve));
    expect(error).toBeInstanceOf(FleetError);
    expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option: "durationSeconds" });
    expect((error as FleetError).message).toMatch(/role chaining/);
    expect((error as FleetError).message).toMatch(/3600/);
    expect(h.sb.stats().requests).toBe(0);
  });

  it("fanOut from an assumeRole child with durationSeconds 7200: ERR_INVALID_INPUT before discovery or any request", async () => {
    const hub = h.base.assumeRole(roleArn("200000000001"));
    const error = await failure(fanOut({ session: hub, accounts: "organization", roles: "OrganizationAccountAccessRole", regions: ["us-east-1"], durationSeconds: 7200 }, async () => 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option: "durationSeconds" });
    expect(h.sb.stats().requests).toBe(0);
  });

  it("a chained child without durationSeconds gets credentials (≤ 1 hour); 3600 is accepted", async () => {
    const hub = h.base.assumeRole(roleArn("200000000001"));
    const spoke = hub.assumeRole(roleArn("200000000002"));
    const creds = await spoke.getCredentials();
    const lifetime = (creds.expiration!.getTime() - Date.now()) / 1000;
    expect(lifetime).toBeLessThanOrEqual(3600);
    expect(lifetime).toBeGreaterThan(3000);
    await hub.assumeRole({ roleArn: roleArn("200000000003"), durationSeconds: 3600, sessionName: "x3600" }).getCredentials().catch(() => undefined);
    expect(h.sb.stats().errors).not.toHaveProperty("ValidationError");
  });

  it("a child of a role profile (role_arn + source_profile) refuses 7200 before its AssumeRole", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sf-chain-"));
    const config = join(dir, "config");
    await writeFile(config, [
      "[profile src]",
      `aws_access_key_id = ${h.sb.credentials.accessKeyId}`,
      `aws_secret_access_key = ${h.sb.credentials.secretAccessKey}`,
      "[profile hub]",
      `role_arn = ${roleArn("200000000001")}`,
      "source_profile = src",
      "region = us-east-1",
      "",
    ].join("\n"));
    const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
    process.env.AWS_CONFIG_FILE = config;
    // The SDK's role assumer (a nested STS client) reaches the sandbox through the env endpoint.
    process.env.AWS_ENDPOINT_URL_STS = h.sb.endpoint;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "none");
    try {
      const hub = new CredentialSession({ profile: "hub", region: "us-east-1", clientConfig: { endpoint: h.sb.endpoint }, pool: h.pool });
      const child = hub.assumeRole({ roleArn: roleArn("200000000002"), durationSeconds: 7200 });
      const error = await failure(child.getCredentials());
      expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option: "durationSeconds" });
      expect((error as FleetError).message).toMatch(/role chaining/);
      // Only the profile's own AssumeRole (account 200000000001) reached STS.
      expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1 });
      await hub.close();
    } finally {
      process.env.AWS_CONFIG_FILE = saved.config;
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      delete process.env.AWS_ENDPOINT_URL_STS;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
