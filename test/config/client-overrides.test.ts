// Issue 12 item 21: session.client(C, overrides) must not touch the caller's object. It used to
// delete `region` from it, so a second client made from the same `{ region }` landed in the
// session's default region.
import { RDSClient } from "@aws-sdk/client-rds";
import { STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialSession } from "../../src/index.js";

const session = new CredentialSession({ accessKeyId: "test", secretAccessKey: "test", region: "us-east-1", pool: {} });
afterEach(() => session.close());

describe("client overrides are not mutated (issue 12 item 21)", () => {
  it("the same { region } object gives two clients in that region and stays as it was", async () => {
    const overrides = { region: "eu-west-1", maxAttempts: 2 };
    const rds = session.client(RDSClient, overrides);
    const sts = session.client(STSClient, overrides);
    expect(overrides).toEqual({ region: "eu-west-1", maxAttempts: 2 });
    expect(await rds.config.region()).toBe("eu-west-1");
    expect(await sts.config.region()).toBe("eu-west-1");
    expect(session.client(RDSClient, overrides)).toBe(rds);
  });

  it("a frozen overrides object is accepted", async () => {
    const overrides = Object.freeze({ region: "ap-southeast-2" });
    expect(await session.client(RDSClient, overrides).config.region()).toBe("ap-southeast-2");
  });
});
