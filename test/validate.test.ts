// The validators against an oracle of their own: explicit tables of values AWS documents as valid
// or invalid, and random strings judged by a character-by-character check written here (no regex
// and no table shared with src/validate.ts or src/partitions.ts). Every refusal is an
// ERR_INVALID_INPUT that names the option. Sources:
// - account ids: 12 digits (AWS Account Management guide, "View AWS account identifiers").
// - RoleSessionName: 2-64, pattern [\w+=,.@-]*; ExternalId: 2-1224, pattern [\w+=,.@:\/-]*;
//   DurationSeconds: 900-43200 (STS API reference, AssumeRole request parameters).
// - role ARNs: arn:<partition>:iam::<account-id>:role/<path><name>, the region field empty; role
//   names 1-64 of [\w+=,.@-] (IAM User Guide, "IAM identifiers" and "IAM and AWS STS quotas";
//   IAM API reference, CreateRole RoleName).
// - partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b; region names as listed in the AWS
//   General Reference, "AWS service endpoints / Regional endpoints".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FleetError } from "../src/index.js";
import { checkAccountId, checkDurationSeconds, checkExternalId, checkRegion, checkSessionName, parseRoleArn, roleArnForAccount } from "../src/validate.js";

const WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"; // \w in the AWS patterns
const SESSION_CHARS = `${WORD}+=,.@-`;
const EXTERNAL_CHARS = `${SESSION_CHARS}:/`;

/** The oracle: every character from `allowed`, length within bounds. */
const madeOf = (s: string, allowed: string, min: number, max: number) => s.length >= min && s.length <= max && [...s].every((c) => allowed.includes(c));

const refusal = (fn: () => unknown, option: string) => {
  try {
    fn();
  } catch (error) {
    return error instanceof FleetError && error.code === "ERR_INVALID_INPUT" && error.message.includes(option);
  }
  return false;
};
const expectRefused = (fn: () => unknown, option: string, value: unknown) => expect({ value, refused: refusal(fn, option) }).toEqual({ value, refused: true });
const anyValue = fc.oneof(fc.string({ unit: "binary" }), fc.integer(), fc.constant(null), fc.constant(undefined), fc.array(fc.string()), fc.object());
// Strings biased towards the allowed characters, so the oracle sees both outcomes often.
const nearly = (allowed: string, maxLength: number) =>
  fc.array(fc.oneof(fc.constantFrom(...allowed), fc.constantFrom(" ", "\n", "/", ":", "é", "\u0000", "*", "#", "%")), { maxLength }).map((a) => a.join(""));

describe("account ids", () => {
  it("exactly 12 ASCII digits", () => {
    for (const id of ["123456789012", "000000000000", "111111111111", "999999999999"]) expect(checkAccountId(id)).toBe(id);
    for (const bad of ["12345678901", "1234567890123", "12345678901a", " 123456789012", "123456789012\n", "1234-5678-9012", "١٢٣٤٥٦٧٨٩٠١٢", "", 123456789012, null, undefined]) {
      expectRefused(() => checkAccountId(bad), "accountId", bad);
    }
    const digits = "0123456789";
    fc.assert(fc.property(nearly(digits, 14), (s) => (madeOf(s, digits, 12, 12) ? checkAccountId(s) === s : refusal(() => checkAccountId(s), "accountId"))));
    fc.assert(fc.property(anyValue.filter((v) => typeof v !== "string"), (v) => refusal(() => checkAccountId(v), "accountId")));
  });
});

describe("role session names", () => {
  it("2-64 of [\\w+=,.@-]", () => {
    for (const name of ["ab", "sessionfleet-1700000000", "alice@example.com", "a=b,c.d+e_f-g", "x".repeat(64)]) expect(checkSessionName(name)).toBe(name);
    for (const bad of ["a", "", "x".repeat(65), "a b", "a/b", "a:b", "sessiön", "a\nb", "a*b", 42]) expectRefused(() => checkSessionName(bad), "sessionName", bad);
    fc.assert(fc.property(nearly(SESSION_CHARS, 70), (s) => (madeOf(s, SESSION_CHARS, 2, 64) ? checkSessionName(s) === s : refusal(() => checkSessionName(s), "sessionName"))));
  });
});

describe("external ids", () => {
  it("2-1224 of [\\w+=,.@:/-]", () => {
    for (const id of ["ab", "sandbox-external-id", "urn:example:tenant/42", "a=b,c.d@e+f_g-h:i/j", "x".repeat(1224)]) expect(checkExternalId(id)).toBe(id);
    for (const bad of ["x", "", "x".repeat(1225), "a b", "a\tb", "ex*id", "ëxternal", 42]) expectRefused(() => checkExternalId(bad), "externalId", bad);
    fc.assert(fc.property(nearly(EXTERNAL_CHARS, 40), (s) => (madeOf(s, EXTERNAL_CHARS, 2, 1224) ? checkExternalId(s) === s : refusal(() => checkExternalId(s), "externalId"))));
  });
});

describe("durations", () => {
  it("whole seconds from 900 to 43200", () => {
    for (const seconds of [900, 901, 3600, 43_199, 43_200]) expect(checkDurationSeconds(seconds)).toBe(seconds);
    for (const bad of [899, 43_201, 0, -900, 900.5, Number.NaN, Number.POSITIVE_INFINITY, "900", null, undefined]) expectRefused(() => checkDurationSeconds(bad), "durationSeconds", bad);
  });
});

describe("regions", () => {
  it("documented region names of every commercial, China and GovCloud partition pass", () => {
    const documented = [
      "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
      "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
      "eu-north-1", "eu-south-1", "me-south-1", "sa-east-1", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1",
    ];
    for (const region of documented) expect(checkRegion(region)).toBe(region);
  });

  it("typos, zones, case and whitespace are refused", () => {
    for (const bad of ["us-east-l", "useast-1", "US-EAST-1", "us-east-1 ", " us-east-1", "us-east-1\n", "us-east-1a", "eu-west-9", "us-moon-1", "us_east_1", "", "../us-east-1", 1, null]) {
      expectRefused(() => checkRegion(bad), "region", bad);
    }
  });
});

describe("role ARNs", () => {
  it("documented forms parse back to their parts, in every partition", () => {
    const table: Array<[string, { partition: string; accountId: string; path: string; roleName: string }]> = [
      ["arn:aws:iam::123456789012:role/S3Access", { partition: "aws", accountId: "123456789012", path: "/", roleName: "S3Access" }],
      ["arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess", { partition: "aws", accountId: "123456789012", path: "/application_abc/component_xyz/", roleName: "RDSAccess" }],
      ["arn:aws-cn:iam::123456789012:role/Audit", { partition: "aws-cn", accountId: "123456789012", path: "/", roleName: "Audit" }],
      ["arn:aws-us-gov:iam::123456789012:role/Audit", { partition: "aws-us-gov", accountId: "123456789012", path: "/", roleName: "Audit" }],
      ["arn:aws-iso:iam::123456789012:role/Audit", { partition: "aws-iso", accountId: "123456789012", path: "/", roleName: "Audit" }],
      ["arn:aws-iso-b:iam::123456789012:role/Audit", { partition: "aws-iso-b", accountId: "123456789012", path: "/", roleName: "Audit" }],
      [`arn:aws:iam::123456789012:role/${"r".repeat(64)}`, { partition: "aws", accountId: "123456789012", path: "/", roleName: "r".repeat(64) }],
      ["arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h", { partition: "aws", accountId: "123456789012", path: "/", roleName: "a+b=c,d.e@f_g-h" }],
    ];
    for (const [arn, parts] of table) expect(parseRoleArn(arn)).toEqual({ arn, ...parts });
  });

  it("other ARNs and malformed ones are refused", () => {
    for (const bad of [
      "arn:aws:iam::12345678901:role/X", // 11-digit account
      "arn:aws:iam::123456789012:user/X", // a user
      "arn:aws:iam::123456789012:policy/X",
      "arn:aws:sts::123456789012:assumed-role/X/session", // an STS session, not a role
      "arn:aws:iam:us-east-1:123456789012:role/X", // IAM ARNs have no region
      "arn:aws:iam::123456789012:role/", // no name
      `arn:aws:iam::123456789012:role/${"r".repeat(65)}`, // name over 64
      "arn:aws:iam::123456789012:role/bad name",
      "arn:azure:iam::123456789012:role/X",
      "role/X", "Audit", "", 42,
    ]) {
      expectRefused(() => parseRoleArn(bad), "roleArn", bad);
    }
  });

  it("a role name becomes an ARN in the region's partition", () => {
    expect(roleArnForAccount("Audit", "111111111111", "us-east-1")).toBe("arn:aws:iam::111111111111:role/Audit");
    expect(roleArnForAccount("Audit", "111111111111", "cn-northwest-1")).toBe("arn:aws-cn:iam::111111111111:role/Audit");
    expect(roleArnForAccount("Audit", "111111111111", "us-gov-east-1")).toBe("arn:aws-us-gov:iam::111111111111:role/Audit");
    expect(refusal(() => roleArnForAccount("bad name", "111111111111", "us-east-1"), "roles")).toBe(true);
    expect(refusal(() => roleArnForAccount("r".repeat(65), "111111111111", "us-east-1"), "roles")).toBe(true);
  });
});
