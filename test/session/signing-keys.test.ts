// Signing keys per credentials (src/clients/signing-keys.ts, issue 23). What must hold: every key
// is the one the SDK derives (@smithy/signature-v4 getSigningKey, itself the AWS SigV4 derivation);
// one set of credentials derives kDate once per day and each (region, service) key once, so a
// fan-out over one account's ten regions costs 31 HMACs, not the SDK's 50; new credentials start
// afresh; a new day drops the old day's keys; a signer given these keys signs byte for byte as the
// SDK's own; a signer without the SDK's method is left alone.
import { Sha256 as SdkSha256 } from "@smithy/core/checksum";
import { getSigningKey, SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/core/protocols";
import { describe, expect, it } from "vitest";
import { signingKey, withSessionSigningKeys } from "../../src/clients/signing-keys.js";

const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"];
const DAY = "20261205";

/** The SDK's SHA-256 (what its clients' `sha256` is in Node), counting the hashes made (each HMAC is one). */
function countingSha256() {
  const made = { count: 0 };
  class Counting extends SdkSha256 {
    constructor(secret?: unknown) {
      super(secret as never);
      made.count++;
    }
  }
  return { Sha256: Counting, made };
}

const credentials = (n: number) => ({ accessKeyId: `AKIAFAKEFAKEFAKE000${n}`, secretAccessKey: `fake-secret-${n}`, sessionToken: `fake-token-${n}` });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("signing keys per credentials", () => {
  it("are the SDK's keys, for every region, service and day", async () => {
    const { Sha256 } = countingSha256();
    const c = credentials(1);
    for (const [day, region, service] of [[DAY, "us-east-1", "sts"], [DAY, "eu-west-1", "rds"], ["20261206", "ap-southeast-2", "ec2"], ["20261206", "cn-north-1", "rds"]] as const) {
      expect(hex(await signingKey(Sha256, c, day, region, service))).toBe(hex(await getSigningKey(Sha256, c, day, region, service)));
    }
  });

  it("one account over ten regions: kDate once and three HMACs per region (31), none on the second round; the SDK makes 50", async () => {
    const { Sha256, made } = countingSha256();
    const c = credentials(2);
    await Promise.all(REGIONS.map((region) => signingKey(Sha256, c, DAY, region, "rds")));
    expect(made.count).toBe(1 + 3 * REGIONS.length);
    await Promise.all(REGIONS.map((region) => signingKey(Sha256, c, DAY, region, "rds")));
    expect(made.count).toBe(31);

    const sdk = countingSha256();
    const other = credentials(3);
    for (const region of REGIONS) await getSigningKey(sdk.Sha256, other, DAY, region, "rds");
    expect(sdk.made.count).toBe(50);
  });

  it("concurrent requests of one (region, service) share one derivation", async () => {
    const { Sha256, made } = countingSha256();
    const c = credentials(4);
    const keys = await Promise.all(Array.from({ length: 8 }, () => signingKey(Sha256, c, DAY, "us-west-2", "sts")));
    expect(new Set(keys).size).toBe(1);
    expect(made.count).toBe(4);
  });

  it("new credentials (a refresh is a new object) derive afresh, even with the same key id", async () => {
    const { Sha256, made } = countingSha256();
    const before = credentials(5);
    const after = { ...before, secretAccessKey: "fake-secret-rotated" };
    const first = await signingKey(Sha256, before, DAY, "us-east-1", "sts");
    const second = await signingKey(Sha256, after, DAY, "us-east-1", "sts");
    expect(made.count).toBe(8);
    expect(hex(second)).not.toBe(hex(first));
    expect(hex(second)).toBe(hex(await getSigningKey(Sha256, after, DAY, "us-east-1", "sts")));
  });

  it("credentials changed in place (another key id or token on the same object) derive afresh", async () => {
    const { Sha256, made } = countingSha256();
    const c = credentials(8);
    await signingKey(Sha256, c, DAY, "us-east-1", "sts");
    Object.assign(c, { accessKeyId: "AKIAFAKEFAKEFAKE0009", secretAccessKey: "fake-secret-9", sessionToken: "fake-token-9" });
    const key = await signingKey(Sha256, c, DAY, "us-east-1", "sts");
    expect(made.count).toBe(8);
    expect(hex(key)).toBe(hex(await getSigningKey(Sha256, c, DAY, "us-east-1", "sts")));
  });

  it("a new day's first key drops the day before's", async () => {
    const { Sha256, made } = countingSha256();
    const c = credentials(6);
    await signingKey(Sha256, c, DAY, "us-east-1", "sts");
    await signingKey(Sha256, c, "20261206", "us-east-1", "sts");
    expect(made.count).toBe(8);
    // The first day is derived again: it was not kept.
    await signingKey(Sha256, c, DAY, "us-east-1", "sts");
    expect(made.count).toBe(12);
  });

  it("a signer given these keys signs exactly as the SDK's own; a signer without the SDK's method is left alone", async () => {
    const c = credentials(7);
    const options = { credentials: c, region: "eu-west-1", service: "rds", sha256: SdkSha256 };
    const request = () => new HttpRequest({ method: "POST", protocol: "https:", hostname: "rds.eu-west-1.amazonaws.com", path: "/", headers: { host: "rds.eu-west-1.amazonaws.com", "content-type": "application/x-www-form-urlencoded" }, body: "Action=DescribeOptionGroups&Version=2014-10-31" });
    const signingDate = new Date("2026-12-05T12:00:00Z");
    const plain = await new SignatureV4(options).sign(request(), { signingDate });
    const ours = withSessionSigningKeys(new SignatureV4(options));
    expect(Object.hasOwn(ours, "getSigningKey")).toBe(true);
    const signed = await ours.sign(request(), { signingDate });
    expect(signed.headers.authorization).toBe(plain.headers.authorization);

    const custom = { sign: async (r: unknown) => r };
    expect(withSessionSigningKeys(custom)).toBe(custom);
    expect(Object.keys(custom)).toEqual(["sign"]);
  });
});
