// Property-based checks of the validators: what they accept is exactly what AWS accepts, and every
// refusal is an ERR_INVALID_INPUT that names the option.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FleetError } from "../src/index.js";
import { regionsOfPartition } from "../src/partitions.js";
import { checkAccountId, checkExternalId, checkRegion, checkSessionName, parseRoleArn, roleArnForAccount } from "../src/validate.js";

const SESSION_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-".split("");
const EXTERNAL_CHARS = [...SESSION_CHARS, ":", "/"];
const refusal = (fn: () => unknown, option: string) => {
  try {
    fn();
  } catch (error) {
    return error instanceof FleetError && error.code === "ERR_INVALID_INPUT" && error.message.includes(option);
  }
  return false;
};
const anyValue = fc.oneof(fc.string({ unit: "binary" }), fc.integer(), fc.constant(null), fc.constant(undefined), fc.array(fc.string()), fc.object());

describe("validators (property-based)", () => {
  it("account ids: exactly 12 digits", () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{12}$/), (id) => checkAccountId(id) === id));
    fc.assert(fc.property(anyValue.filter((v) => !(typeof v === "string" && /^\d{12}$/.test(v))), (v) => refusal(() => checkAccountId(v), "accountId")));
  });

  it("session names: 2-64 of [\\w+=,.@-]", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...SESSION_CHARS), { minLength: 2, maxLength: 64 }).map((a) => a.join("")), (n) => checkSessionName(n) === n));
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }).filter((s) => !/^[\w+=,.@-]{2,64}$/.test(s)), (n) => refusal(() => checkSessionName(n), "sessionName")));
  });

  it("external ids: 2-1224 of [\\w+=,.@:/-]", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...EXTERNAL_CHARS), { minLength: 2, maxLength: 1224 }).map((a) => a.join("")), (n) => checkExternalId(n) === n));
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 40 }).filter((s) => !/^[\w+=,.@:/-]{2,1224}$/.test(s)), (n) => refusal(() => checkExternalId(n), "externalId")));
    expect(refusal(() => checkExternalId("x".repeat(1225)), "externalId")).toBe(true);
  });

  it("regions: every region of every partition passes; anything else is refused", () => {
    for (const partition of ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"]) for (const r of regionsOfPartition(partition)) expect(checkRegion(r)).toBe(r);
    fc.assert(fc.property(fc.string({ maxLength: 20 }).filter((s) => !regionsOfPartition("aws").includes(s)), (s) => refusal(() => checkRegion(s), "region")));
    for (const typo of ["us-east-l", "useast-1", "US-EAST-1", "us-east-1 ", "eu-west-9"]) expect(refusal(() => checkRegion(typo), "region")).toBe(true);
  });

  it("role ARNs across partitions parse back to their parts", () => {
    const partition = fc.constantFrom("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b");
    const name = fc.array(fc.constantFrom(...SESSION_CHARS), { minLength: 1, maxLength: 64 }).map((a) => a.join(""));
    const path = fc.array(fc.array(fc.constantFrom(..."abcXYZ09_-".split("")), { minLength: 1, maxLength: 8 }).map((a) => a.join("")), { maxLength: 3 });
    fc.assert(
      fc.property(partition, fc.stringMatching(/^\d{12}$/), path, name, (p, account, segments, role) => {
        const arn = `arn:${p}:iam::${account}:role/${segments.map((s) => `${s}/`).join("")}${role}`;
        const parsed = parseRoleArn(arn);
        return parsed.partition === p && parsed.accountId === account && parsed.roleName === role && parsed.arn === arn;
      }),
    );
    for (const bad of ["arn:aws:iam::12345678901:role/X", "arn:aws:iam::123456789012:user/X", "arn:aws:sts::123456789012:role/X", "role/X", "arn:aws:iam::123456789012:role/"]) {
      expect(refusal(() => parseRoleArn(bad), "roleArn")).toBe(true);
    }
  });

  it("a role name becomes an ARN in the region's partition", () => {
    expect(roleArnForAccount("Audit", "111111111111", "cn-northwest-1")).toBe("arn:aws-cn:iam::111111111111:role/Audit");
    expect(roleArnForAccount("Audit", "111111111111", "us-gov-east-1")).toBe("arn:aws-us-gov:iam::111111111111:role/Audit");
    expect(refusal(() => roleArnForAccount("bad name", "111111111111", "us-east-1"), "roles")).toBe(true);
  });
});
