// Every option of fanOut (and fanOutStream) with wrong types, empty, overlong, unicode, newline
// and path-like values: each rejects with ERR_INVALID_INPUT naming the option, before any
// request, and the task never runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fanOut, fanOutStream, type CredentialSession } from "../../src/index.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { harness, type Harness } from "../e2e/helpers.js";
import { expectInvalid, label, stringCases, thrown, type BadCase } from "./cases.js";
import { requestsSoFar, settledRequests } from "../e2e/settled.js";

let h: Harness;
let sb: Sandbox;
let base: CredentialSession;
beforeAll(async () => {
  h = await harness();
  ({ sb, base } = h);
});
afterAll(() => h.close());

const ACCOUNT = "200000000001";
const valid = () => ({ session: base, accounts: [ACCOUNT], roles: "OrganizationAccountAccessRole", regions: ["us-east-1"] });
const numberCases = (option: string, values: unknown[]): BadCase[] =>
  values.map((value) => ({ option, kind: typeof value === "number" && Number.isInteger(value) ? "out of range" : "wrong type", value }));

const CASES: BadCase[] = [
  { option: "session", kind: "wrong type", value: 42 },
  { option: "session", kind: "empty", value: {} },
  { option: "session", kind: "wrong type", value: "default" },
  { option: "accounts", kind: "wrong type", value: 42 },
  { option: "accounts", kind: "empty", value: [] },
  { option: "accounts", kind: "wrong type", value: "org" },
  ...stringCases("accounts[0]", { overlong: 13, unicode: "٢٠٠٠٠٠٠٠٠٠٠١", newline: `${ACCOUNT}\n`, pathLike: `../${ACCOUNT}` })
    .map((c) => ({ ...c, value: [c.kind === "overlong" ? "2".repeat(13) : c.value], input: { accounts: [c.kind === "overlong" ? "2".repeat(13) : c.value] } })),
  { option: "accounts[1]", kind: "conflict", value: [ACCOUNT, ACCOUNT], input: { accounts: [ACCOUNT, ACCOUNT] } },
  { option: "accounts.organization.ous[0]", kind: "path-like", value: ["../ou-abcd-12345678"], input: { accounts: { organization: { ous: ["../ou-abcd-12345678"] } } } },
  { option: "accounts.organization.ous[0]", kind: "newline", value: ["ou-abcd-12345678\n"], input: { accounts: { organization: { ous: ["ou-abcd-12345678\n"] } } } },
  { option: "accounts.organization.exclude[0]", kind: "wrong type", value: [2], input: { accounts: { organization: { exclude: [2] } } } },
  { option: "accounts.organization.includeSelf", kind: "wrong type", value: "yes", input: { accounts: { organization: { includeSelf: "yes" } } } },
  { option: "accounts.organization.ou", kind: "unknown", value: ["r-abcd"], input: { accounts: { organization: { ou: ["r-abcd"] } } } },
  // (["x"] is a valid list of role names, so the array case is not a bad value here.)
  ...stringCases("roles", { overlong: 65, unicode: "Aüdit", newline: "Audit\n", pathLike: "../Audit" }).filter((c) => !Array.isArray(c.value)),
  { option: "roles", kind: "empty", value: [] },
  { option: "roles[1]", kind: "wrong type", value: ["Audit", 42], input: { roles: ["Audit", 42] } },
  { option: "roles", kind: "conflict", value: "arn:aws-cn:iam::200000000001:role/Audit" },
  { option: "roles", kind: "conflict", value: undefined, input: { roles: undefined } },
  { option: "regions", kind: "wrong type", value: 42 },
  { option: "regions", kind: "empty", value: [] },
  { option: "regions", kind: "wrong type", value: "enabld" },
  ...stringCases("regions[0]", { overlong: 100, unicode: "us-éast-1", newline: "us-east-1\n", pathLike: "../us-east-1" }).map((c) => ({ ...c, input: { regions: [c.value] } })),
  { option: "regions[1]", kind: "conflict", value: ["us-east-1", "cn-north-1"], input: { regions: ["us-east-1", "cn-north-1"] } },
  ...numberCases("concurrency", [0, -1, 1.5, "8", Number.NaN, Number.POSITIVE_INFINITY, null]),
  ...numberCases("perAccountConcurrency", [0, 1.5, "2"]),
  ...numberCases("perRegionConcurrency", [0, -3, "2"]),
  ...numberCases("timeoutMs", [0, -1, "1000", 1.5, 2 ** 31]),
  { option: "signal", kind: "wrong type", value: {} },
  { option: "signal", kind: "wrong type", value: "abort" },
  ...stringCases("sessionName", { overlong: 65, unicode: "sëssion", newline: "a\nb" }),
  ...stringCases("externalId", { overlong: 1225, unicode: "ëxternal", newline: "external\nid" }).filter((c) => c.kind !== "path-like"),
  ...numberCases("durationSeconds", ["3600", 899, 43_201]),
  { option: "shard", kind: "wrong type", value: 42 },
  { option: "shard", kind: "wrong type", value: "0/4" },
  { option: "shard.count", kind: "empty", value: { index: 0 } },
  { option: "shard.index", kind: "out of range", value: { index: 4, count: 4 } },
  { option: "shard.index", kind: "out of range", value: { index: -1, count: 2 } },
  { option: "shard.index", kind: "wrong type", value: { index: "0", count: 2 } },
  { option: "shard.count", kind: "out of range", value: { index: 0, count: 0 } },
  { option: "shard.weight", kind: "unknown", value: { index: 0, count: 2, weight: 1 } },
  { option: "onProgress", kind: "wrong type", value: "log" },
  { option: "onProgress", kind: "wrong type", value: {} },
  { option: "options.region", kind: "unknown", value: "us-east-1", input: { region: "us-east-1" } },
];

describe("fanOut(options): bad values", () => {
  it.each(CASES.map((c) => [c.option, c.kind, label(c), c] as const))("%s (%s) %s", async (option, _kind, _label, c) => {
    const options = { ...valid(), ...(c.input ?? { [option]: c.value }) };
    const before = requestsSoFar(sb);
    let ran = 0;
    const task = async () => ++ran;
    const error = await fanOut(options as never, task).then(() => new Error("did not reject"), (e: unknown) => e);
    // A nested option may be reported with its parent's prefix ("options.shard.index").
    const named = c.expect ?? (option.includes(".") ? new RegExp(`(^|\\.)${option.replace(/[.[\]]/g, "\\$&")}$`) : option);
    expectInvalid(error, named);
    // fanOutStream validates when called, synchronously.
    expectInvalid(thrown(() => fanOutStream(options as never, task)), named);
    expect(ran).toBe(0);
    expect(await settledRequests(sb)).toBe(before);
  });

  it.each([[undefined], ["task"], [{}]])("task %s is refused", async (task) => {
    const error = await fanOut(valid(), task as never).then(() => new Error("did not reject"), (e: unknown) => e);
    expectInvalid(error, "task");
    expect(await settledRequests(sb)).toBe(0);
  });

  it("options itself must be an object", async () => {
    for (const options of [undefined, null, 42, "all", []]) {
      const error = await fanOut(options as never, async () => 1).then(() => new Error("did not reject"), (e: unknown) => e);
      expectInvalid(error, "options");
    }
    expect(await settledRequests(sb)).toBe(0);
  });
});
