import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";

const envKeys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"];
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(() => {
  saved = Object.fromEntries(envKeys.map((k) => [k, process.env[k]]));
  dir = mkdtempSync(join(tmpdir(), "sessionfleet-profiles-"));
  writeFileSync(join(dir, "credentials"), [
    "[default]", "aws_access_key_id = AKIAFAKEDEFAULT00001", "aws_secret_access_key = fake-default-secret",
    "[ops]", "aws_access_key_id = AKIAFAKEOPSPROFILE01", "aws_secret_access_key = fake-ops-secret",
  ].join("\n"));
  writeFileSync(join(dir, "config"), [
    "[default]", "region = eu-west-1",
    "[profile ops]", "region = ap-southeast-2",
    "[profile proc]", `credential_process = ${process.execPath} -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAFAKEPROCESS00001',SecretAccessKey:'fake-proc-secret'}))"`,
  ].join("\n"));
  process.env.AWS_CONFIG_FILE = join(dir, "config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"]) delete process.env[k];
});

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
});

describe("credential source precedence", () => {
  it("explicit keys win over credentials, profile and the default chain", async () => {
    const session = new CredentialSession({
      accessKeyId: "AKIAFAKEEXPLICIT0001", secretAccessKey: "fake-explicit",
      credentials: { accessKeyId: "AKIAFAKEGIVEN0000001", secretAccessKey: "x" }, profile: "ops",
    });
    expect((await session.getCredentials()).accessKeyId).toBe("AKIAFAKEEXPLICIT0001");
  });

  it("credentials win over profile", async () => {
    let calls = 0;
    const session = new CredentialSession({ credentials: async () => (calls++, { accessKeyId: "AKIAFAKEPROVIDER0001", secretAccessKey: "x" }), profile: "ops" });
    expect((await session.getCredentials()).accessKeyId).toBe("AKIAFAKEPROVIDER0001");
    await session.getCredentials();
    expect(calls).toBe(1);
  });

  it("a profile is read through the SDK's providers, credential_process included", async () => {
    expect((await new CredentialSession({ profile: "ops" }).getCredentials()).accessKeyId).toBe("AKIAFAKEOPSPROFILE01");
    expect((await new CredentialSession({ profile: "proc" }).getCredentials()).accessKeyId).toBe("AKIAFAKEPROCESS00001");
  });

  it("with nothing given, the default chain reads the environment first, then the default profile", async () => {
    expect((await new CredentialSession().getCredentials()).accessKeyId).toBe("AKIAFAKEDEFAULT00001");
    process.env.AWS_ACCESS_KEY_ID = "AKIAFAKEFROMENV00001";
    process.env.AWS_SECRET_ACCESS_KEY = "fake-env-secret";
    expect((await new CredentialSession().getCredentials()).accessKeyId).toBe("AKIAFAKEFROMENV00001");
  });

  it("an unknown profile is ERR_NO_CREDENTIALS on first use, not at construction", async () => {
    const session = new CredentialSession({ profile: "nope" });
    await expect(session.getCredentials()).rejects.toMatchObject({ code: "ERR_NO_CREDENTIALS" });
  });
});

describe("region resolution", () => {
  it("explicit, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile's", async () => {
    expect(new CredentialSession({ region: "us-west-2" }).region).toBe("us-west-2");
    process.env.AWS_DEFAULT_REGION = "eu-central-1";
    expect(new CredentialSession().region).toBe("eu-central-1");
    process.env.AWS_REGION = "us-east-2";
    expect(new CredentialSession().region).toBe("us-east-2");
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const ops = new CredentialSession({ profile: "ops" });
    expect(ops.region).toBeUndefined();
    expect(await ops.resolveRegion()).toBe("ap-southeast-2");
    expect(await new CredentialSession().resolveRegion()).toBe("eu-west-1");
  });

  it("an unknown region is ERR_INVALID_INPUT naming the value", () => {
    expect(() => new CredentialSession({ region: "us-moon-9" })).toThrow(FleetError);
    expect(() => new CredentialSession({ region: "us-moon-9" })).toThrow(/region: "us-moon-9"/);
    process.env.AWS_REGION = "mars-1";
    expect(() => new CredentialSession()).toThrow(/AWS_REGION: "mars-1"/);
  });
});
