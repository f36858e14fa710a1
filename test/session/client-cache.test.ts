import { inspect } from "node:util";
import { RDSClient } from "@aws-sdk/client-rds";
import { STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession } from "../../src/index.js";

const keys = { accessKeyId: "AKIAFAKECACHE0000001", secretAccessKey: "fake-cache-secret-value" };

describe("client()", () => {
  it("returns the same instance for the same class, region and overrides", async () => {
    const session = new CredentialSession({ ...keys, region: "us-east-1", pool: new ConnectionPool() });
    const a = session.client(RDSClient);
    expect(session.client(RDSClient)).toBe(a);
    expect(session.client(RDSClient, { region: "us-east-1" })).toBe(a);
    expect(session.client(RDSClient, { region: "us-west-1" })).not.toBe(a);
    expect(session.client(RDSClient, { maxAttempts: 7 })).not.toBe(a);
    expect(session.client(RDSClient, { maxAttempts: 7 })).toBe(session.client(RDSClient, { maxAttempts: 7 }));
    expect(session.client(STSClient)).not.toBe(a);
    expect(await a.config.region()).toBe("us-east-1");
    await session.close();
  });

  it("withRegion views share the cache, the provider and the pool", async () => {
    const pool = new ConnectionPool();
    const session = new CredentialSession({ ...keys, region: "us-east-1", pool });
    const west = session.withRegion("us-west-1");
    expect(session.withRegion("us-west-1")).toBe(west);
    expect(session.withRegion("us-east-1")).toBe(session);
    expect(west.client(RDSClient)).toBe(session.client(RDSClient, { region: "us-west-1" }));
    expect(west.pool).toBe(pool);
    expect(await west.client(RDSClient).config.region()).toBe("us-west-1");
    // One provider object for every client: the SDK uses it as is because it is marked memoized.
    expect(west.client(RDSClient).config.credentials).toBe(session.client(RDSClient).config.credentials);
    await session.close();
  });

  it("clientConfig is merged into every client; reserved keys are refused", async () => {
    const session = new CredentialSession({ ...keys, region: "us-east-1", clientConfig: { maxAttempts: 9 } });
    // The SDK's default is 3 (@smithy/core retry DEFAULT_MAX_ATTEMPTS): 9 shows clientConfig arrived.
    expect(await session.client(RDSClient).config.maxAttempts()).toBe(9);
    expect(await session.client(STSClient).config.maxAttempts()).toBe(9);
    expect(await session.withRegion("us-west-1").client(RDSClient).config.maxAttempts()).toBe(9);
    expect(await session.client(RDSClient, { maxAttempts: 2 }).config.maxAttempts()).toBe(2);
    expect(() => new CredentialSession({ ...keys, clientConfig: { credentials: keys } })).toThrow(/clientConfig.credentials/);
    expect(() => new CredentialSession({ ...keys, clientConfig: { region: "us-east-1" } })).toThrow(/clientConfig.region/);
    expect(() => new CredentialSession({ ...keys, clientConfig: { endpoint: "not a url" } })).toThrow(/clientConfig.endpoint/);
    expect(() => session.client(RDSClient, { region: "xx-nowhere-1" })).toThrow(/"xx-nowhere-1"/);
  });

  it("close() destroys the clients; a later client() makes a new one", async () => {
    const session = new CredentialSession({ ...keys, region: "us-east-1" });
    const first = session.client(RDSClient);
    await session.close();
    expect(session.client(RDSClient)).not.toBe(first);
  });

  it("unknown options are refused with the option named", () => {
    expect(() => new CredentialSession({ regoin: "us-east-1" } as never)).toThrow(/CredentialSession options.regoin/);
    expect(() => new CredentialSession({ sessionToken: "x" })).toThrow(/sessionToken/);
  });
});

describe("redaction", () => {
  it("inspect, JSON and String show a masked key id only", async () => {
    const session = new CredentialSession({ ...keys, sessionToken: "fake-session-token-value", region: "eu-west-1" });
    await session.getCredentials();
    for (const text of [inspect(session, { depth: 10, showHidden: true }), JSON.stringify(session), String(session), inspect({ nested: session })]) {
      expect(text).not.toContain(keys.secretAccessKey);
      expect(text).not.toContain("fake-session-token-value");
      expect(text).not.toContain(keys.accessKeyId);
      expect(text).toContain("AKIA…0001");
    }
    expect(JSON.parse(JSON.stringify(session))).toEqual({ region: "eu-west-1", source: "static", accessKeyId: "AKIA…0001" });
  });
});
