// Every option of CredentialSession and assumeRole with wrong types, empty, overlong, unicode,
// newline and path-like values: each is ERR_INVALID_INPUT naming the option, thrown before any
// request (the sandbox counts none), and never quoting a secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession } from "../../src/index.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { harness, type Harness } from "../e2e/helpers.js";
import { expectInvalid, label, stringCases, thrown, type BadCase } from "./cases.js";
import { requestsSoFar, settledRequests } from "../e2e/settled.js";

const KEY = "AKIAFAKEFAKEFAKE0001";
const SECRET = "FAKEsecretFAKEsecretFAKEsecretFAKEsecret";
const ARN = "arn:aws:iam::111111111111:role/Audit";

let h: Harness;
let sb: Sandbox;
let base: CredentialSession;
beforeAll(async () => {
  h = await harness();
  ({ sb, base } = h);
});
afterAll(() => h.close());

const keys = (extra: Record<string, unknown>) => ({ accessKeyId: KEY, secretAccessKey: SECRET, ...extra });
const secretCases = (option: "secretAccessKey" | "sessionToken"): BadCase[] =>
  [42, "", "sëcret\u200b", "FAKEsecret\nX-Injected: 1", " FAKEsecret "].map((value, i) => ({
    option, kind: (["wrong type", "empty", "unicode", "newline", "whitespace"] as const)[i]!, value, input: keys({ [option]: value }),
  }));

const SESSION_CASES: BadCase[] = [
  // Key ids are opaque (emulators use `test`): only empty, whitespace, control and invisible characters are refused.
  ...[42, ["x"], "", "AKIAFAKE\u200bFAKE0001", "AKIAFAKE\nFAKE0001", " AKIAFAKEFAKE0001"].map((value, i): BadCase => ({
    option: "accessKeyId", kind: (["wrong type", "wrong type", "empty", "unicode", "newline", "whitespace"] as const)[i]!, value, input: keys({ accessKeyId: value }),
  })),
  ...secretCases("secretAccessKey"),
  ...secretCases("sessionToken"),
  { option: "credentials", kind: "wrong type", value: 42 },
  { option: "credentials", kind: "wrong type", value: `${KEY}:${SECRET}` },
  // An identity object's own field may be named ("credentials.accessKeyId").
  { option: "credentials", kind: "empty", value: {}, expect: /^credentials/ },
  { option: "credentials", kind: "wrong type", value: { accessKeyId: 1, secretAccessKey: SECRET }, expect: /^credentials/ },
  { option: "credentials", kind: "newline", value: { accessKeyId: "AKIAFAKE\nFAKE0001", secretAccessKey: SECRET }, expect: /^credentials/ },
  { option: "credentials", kind: "whitespace", value: { accessKeyId: KEY, secretAccessKey: ` ${SECRET}` }, expect: /^credentials/ },
  ...stringCases("profile", { overlong: 200, unicode: "prøfile", newline: "ops\n[profile evil]" }).filter((c) => c.kind !== "path-like"),
  ...stringCases("region", { overlong: 100, unicode: "us-éast-1", newline: "us-east-1\n", pathLike: "../us-east-1" }),
  { option: "clientConfig", kind: "wrong type", value: 42 },
  { option: "clientConfig", kind: "wrong type", value: [] },
  { option: "clientConfig.credentials", kind: "conflict", value: { credentials: { accessKeyId: KEY, secretAccessKey: SECRET } }, input: { clientConfig: { credentials: { accessKeyId: KEY, secretAccessKey: SECRET } } } },
  { option: "clientConfig.region", kind: "conflict", value: "us-east-1", input: { clientConfig: { region: "us-east-1" } } },
  { option: "clientConfig.requestHandler", kind: "conflict", value: {}, input: { clientConfig: { requestHandler: {} } } },
  { option: "clientConfig.endpoint", kind: "empty", value: "", input: { clientConfig: { endpoint: "" } } },
  { option: "clientConfig.endpoint", kind: "path-like", value: "/etc/passwd", input: { clientConfig: { endpoint: "/etc/passwd" } } },
  { option: "clientConfig.endpoint", kind: "path-like", value: "file:///etc/passwd", input: { clientConfig: { endpoint: "file:///etc/passwd" } } },
  { option: "clientConfig.endpoint", kind: "newline", value: "http://127.0.0.1:1/\nx", input: { clientConfig: { endpoint: "http://127.0.0.1:1/\nx" } } },
  { option: "pool", kind: "wrong type", value: 42, expect: /pool/i },
  { option: "pool", kind: "wrong type", value: "shared", expect: /pool/i },
  { option: "pool.maxSocketsPerHost", kind: "out of range", value: 0, input: { pool: { maxSocketsPerHost: 0 } }, expect: /maxSocketsPerHost$/ },
  { option: "pool.maxSocketsPerHost", kind: "wrong type", value: "8", input: { pool: { maxSocketsPerHost: "8" } }, expect: /maxSocketsPerHost$/ },
  { option: "pool.idleTimeoutMs", kind: "out of range", value: -1, input: { pool: { idleTimeoutMs: -1 } }, expect: /idleTimeoutMs$/ },
  { option: "pool.unknown", kind: "unknown", value: 1, input: { pool: { maxSockets: 8 } }, expect: /maxSockets$/ },
  { option: "regoin", kind: "unknown", value: "us-east-1", expect: /regoin$/ },
];

const SECRET_OPTIONS = new Set(["secretAccessKey", "sessionToken"]);

describe("new CredentialSession(options): bad values", () => {
  it.each(SESSION_CASES.map((c) => [c.option, c.kind, label(c), c] as const))("%s (%s) %s", async (option, _kind, _label, c) => {
    const before = requestsSoFar(sb);
    const error = thrown(() => new CredentialSession((c.input ?? { [option]: c.value }) as never));
    expectInvalid(error, c.expect ?? option);
    if (SECRET_OPTIONS.has(option) && typeof c.value === "string" && c.value.length > 2) expect((error as Error).message).not.toContain(c.value);
    // A key id is quoted at most masked, never whole.
    expect((error as Error).message).not.toContain(KEY);
    expect(await settledRequests(sb)).toBe(before);
  });
});

const ASSUME_CASES: BadCase[] = [
  ...stringCases("roleArn", { overlong: 0, unicode: "arn:aws:iam::111111111111:role/Aüdit", newline: `${ARN}\n`, pathLike: "/etc/passwd" })
    .map((c) => (c.kind === "overlong" ? { ...c, value: `arn:aws:iam::111111111111:role/${"a".repeat(65)}` } : c)),
  { option: "roleArn", kind: "wrong type", value: "arn:aws:iam::11111111111:role/Audit" },
  { option: "roleArn", kind: "conflict", value: ARN, input: { roleArn: ARN, accountId: "111111111111", roleName: "Audit" } },
  { option: "roleArn", kind: "conflict", value: "arn:aws-cn:iam::111111111111:role/Audit" },
  ...stringCases("accountId", { overlong: 13, unicode: "١١١١١١١١١١١١", newline: "111111111111\n", pathLike: "../111111111111" }).map((c) => ({ ...c, value: c.kind === "overlong" ? "1".repeat(13) : c.value, input: { accountId: c.kind === "overlong" ? "1".repeat(13) : c.value, roleName: "Audit" } })),
  ...stringCases("roleName", { overlong: 65, unicode: "Aüdit", newline: "Audit\n" }).map((c) => ({ ...c, input: { accountId: "111111111111", roleName: c.value } })),
  ...stringCases("sessionName", { overlong: 65, unicode: "sëssion", newline: "session\nname" }).map((c) => ({ ...c, input: { roleArn: ARN, sessionName: c.value } })),
  ...stringCases("externalId", { overlong: 1225, unicode: "ëxternal", newline: "external\nid" }).filter((c) => c.kind !== "path-like").map((c) => ({ ...c, input: { roleArn: ARN, externalId: c.value } })),
  ...[["3600", "wrong type"], [0, "out of range"], [899, "out of range"], [43_201, "out of range"], [1.5, "wrong type"], [Number.NaN, "wrong type"], [Number.POSITIVE_INFINITY, "out of range"]].map(([value, kind]) => ({ option: "durationSeconds", kind: kind as BadCase["kind"], value, input: { roleArn: ARN, durationSeconds: value } })),
  ...[[42, "wrong type"], ["", "empty"], [`{"a":"${"x".repeat(2100)}"}`, "overlong"], ["not json", "wrong type"], ["{\n", "newline"]].map(([value, kind]) => ({ option: "policy", kind: kind as BadCase["kind"], value, input: { roleArn: ARN, policy: value } })),
  { option: "policyArns", kind: "wrong type", value: "arn:aws:iam::aws:policy/ReadOnlyAccess", input: { roleArn: ARN, policyArns: "arn:aws:iam::aws:policy/ReadOnlyAccess" } },
  { option: "policyArns", kind: "overlong", value: Array(11).fill("arn:aws:iam::aws:policy/ReadOnlyAccess"), input: { roleArn: ARN, policyArns: Array(11).fill("arn:aws:iam::aws:policy/ReadOnlyAccess") } },
  ...[[42, "wrong type"], ["", "empty"], ["../../etc/passwd", "path-like"], ["arn:aws:iam::aws:policy/Read\nOnly", "newline"]].map(([value, kind]) => ({ option: "policyArns[0]", kind: kind as BadCase["kind"], value, input: { roleArn: ARN, policyArns: [value] } })),
  { option: "tags", kind: "wrong type", value: [["k", "v"]], input: { roleArn: ARN, tags: [["k", "v"]] } },
  { option: "tags", kind: "overlong", value: "51 tags", input: { roleArn: ARN, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) } },
  ...[[{ "": "v" }, "empty"], [{ "k\n": "v" }, "newline"], [{ ["k".repeat(129)]: "v" }, "overlong"], [{ k: 42 }, "wrong type"], [{ k: "v\nX" }, "newline"], [{ k: "v".repeat(257) }, "overlong"], [{ "k☃": "v" }, "unicode"]]
    .map(([value, kind]) => ({ option: "tags", kind: kind as BadCase["kind"], value, input: { roleArn: ARN, tags: value }, expect: /^tags/ })),
  { option: "transitiveTagKeys", kind: "wrong type", value: "k", input: { roleArn: ARN, transitiveTagKeys: "k" } },
  { option: "transitiveTagKeys[0]", kind: "newline", value: ["k\n"], input: { roleArn: ARN, transitiveTagKeys: ["k\n"] }, expect: /^transitiveTagKeys\[0\]/ },
  ...stringCases("sourceIdentity", { overlong: 65, unicode: "sôurce", newline: "source\nid" }).map((c) => ({ ...c, input: { roleArn: ARN, sourceIdentity: c.value } })),
  // "../../etc/passwd" is a valid MFA serial by IAM's own pattern ([\w+=/:,.@-]{9,256}).
  ...stringCases("serialNumber", { overlong: 300, unicode: "arn:aws:iam::111111111111:mfa/ü", newline: "arn:aws:iam::111111111111:mfa/a\nb" }).filter((c) => c.kind !== "path-like")
    .map((c) => ({ ...c, input: { roleArn: ARN, serialNumber: c.value, tokenCode: async () => "123456" } })),
  { option: "tokenCode", kind: "wrong type", value: "123456", input: { roleArn: ARN, serialNumber: "arn:aws:iam::111111111111:mfa/me", tokenCode: "123456" } },
  { option: "tokenCode", kind: "conflict", value: "a function", input: { roleArn: ARN, tokenCode: async () => "123456" } },
  { option: "serialNumber", kind: "conflict", value: "arn:aws:iam::111111111111:mfa/me", input: { roleArn: ARN, serialNumber: "arn:aws:iam::111111111111:mfa/me" } },
  ...stringCases("stsRegion", { overlong: 100, unicode: "us-éast-1", newline: "us-east-1\n", pathLike: "../us-east-1" }).map((c) => ({ ...c, input: { roleArn: ARN, stsRegion: c.value } })),
  { option: "rolearn", kind: "unknown", value: ARN, input: { rolearn: ARN }, expect: /rolearn$/ },
];

describe("session.assumeRole(options): bad values", () => {
  it.each(ASSUME_CASES.map((c) => [c.option, c.kind, label(c), c] as const))("%s (%s) %s", async (option, _kind, _label, c) => {
    const before = requestsSoFar(sb);
    const input = c.input ?? { [option]: c.value, ...(option !== "roleArn" && { roleArn: ARN }) };
    const errors = [thrown(() => base.assumeRole(input as never))];
    // A string argument is the ARN itself: try bad ARNs that way too.
    if (option === "roleArn" && typeof c.value === "string" && c.input === undefined) errors.push(thrown(() => base.assumeRole(c.value as string)));
    for (const error of errors) expectInvalid(error, c.expect ?? option);
    expect(await settledRequests(sb)).toBe(before);
  });

  it("withRegion and client overrides check their region too", async () => {
    expectInvalid(thrown(() => base.withRegion("us-east-1\n")), "region");
    expectInvalid(thrown(() => base.withRegion("../eu-west-1")), "region");
    expect(await settledRequests(sb)).toBe(0);
  });
});
