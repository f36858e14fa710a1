// `--cache dynamodb:<table>` in the CLI, against a sandbox (STS) and dynalite (DynamoDB) started
// here: two runs (two processes) make one AssumeRole per role; `cache list|clear --cache
// dynamodb:T` show and remove the items without any secret; a missing or bad
// SESSIONFLEET_CACHE_KEY stops the run before any request without echoing the value; bad flags.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { DynamoDBCredentialStore } from "../../src/stores/dynamodb.js";
import { parseCommandLine } from "../../src/cli/args/parse.js";
import { startDynalite, type Dynalite } from "../store/dynalite.js";
import { cleanEnv, runCli } from "./run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
const TABLE = "cli-shared-credentials";
const KEY = randomBytes(32).toString("base64");
let sb: Sandbox;
let db: Dynalite;

beforeAll(async () => {
  sb = await startSandbox();
  db = await startDynalite();
  await new DynamoDBCredentialStore({ tableName: TABLE, client: db.client(), encryption: { key: randomBytes(32) } }).createTable();
});
afterAll(async () => {
  await db?.close();
  await sb?.close();
});

const env = (extra: Record<string, string> = {}) => cleanEnv({
  AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey, AWS_REGION: "us-east-1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, SESSIONFLEET_CACHE_KEY: KEY, ...extra,
});
const whoami = (extra: string[] = []) =>
  ["whoami", "--accounts", "200000000001,200000000002", "--role", ROLE, "--regions", "us-east-1", "--endpoint-url", sb.endpoint, "--format", "json", "--cache", `dynamodb:${TABLE}`, ...extra];

describe("sessionfleet --cache dynamodb:<table>", () => {
  it("two runs: 2 AssumeRole in all; cache list shows role, account and expiry and no secret; cache clear empties the table", async () => {
    sb.resetStats();
    const first = await runCli(whoami(), env());
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(2);
    const second = await runCli(whoami(), env());
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(sb.stats().assumeRole.total).toBe(2);

    // list and clear need no key.
    const list = await runCli(["cache", "list", "--cache", `dynamodb:${TABLE}`], env({ SESSIONFLEET_CACHE_KEY: "" }));
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^KEY\s+ROLE ARN\s+ACCOUNT\s+EXPIRES$/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).slice(1, 3)).sort()).toEqual([
      [`arn:aws:iam::200000000001:role/${ROLE}`, "200000000001"], [`arn:aws:iam::200000000002:role/${ROLE}`, "200000000002"],
    ]);
    expect(lines[3]).toBe(`2 items in DynamoDB table ${TABLE}`);
    const json = JSON.parse((await runCli(["cache", "list", "--cache", `dynamodb:${TABLE}`, "--format", "json"], env())).stdout) as { table: string; entries: { expired: boolean; leaseUntil: null }[] };
    expect(json.table).toBe(TABLE);
    expect(json.entries.map((e) => [e.expired, e.leaseUntil])).toEqual([[false, null], [false, null]]);
    expect(list.stdout).not.toMatch(/ASIA|FAKE/);

    expect((await runCli(["cache", "clear", "--expired", "--cache", `dynamodb:${TABLE}`], env())).stdout).toBe(`removed 0 items from DynamoDB table ${TABLE}\n`);
    expect((await runCli(["cache", "clear", "--cache", `dynamodb:${TABLE}`], env())).stdout).toBe(`removed 2 items from DynamoDB table ${TABLE}\n`);
    sb.resetStats();
    expect((await runCli(whoami(), env())).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(2);
  });

  it("no or a bad SESSIONFLEET_CACHE_KEY: exit 2 before any request, the value never printed", async () => {
    sb.resetStats();
    const missing = await runCli(whoami(), env({ SESSIONFLEET_CACHE_KEY: "" }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--cache dynamodb:${TABLE} needs a key to seal the credentials it stores: SESSIONFLEET_CACHE_KEY is not set.`);
    const bad = await runCli(whoami(), env({ SESSIONFLEET_CACHE_KEY: "FAKEnotAKeyFAKEnotAKey" }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("SESSIONFLEET_CACHE_KEY is set (22 characters) but is not 32 bytes in base64");
    expect(bad.stderr).not.toContain("FAKEnotAKey");
    expect(sb.stats().requests).toBe(0);
  });

  it("the table unreachable: the run still succeeds with its own AssumeRole calls and one warning", async () => {
    sb.resetStats();
    const run = await runCli(whoami(), env({ AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9" }));
    expect(run.code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(2);
    expect(run.stderr.split("\n").filter((l) => l.includes("SESSIONFLEET_SHARED_STORE"))).toHaveLength(1);
  });

  it("flags: dynamodb:<table> checked, --cache-kms-key only with it, not with --no-cache", () => {
    const base = ["whoami", "--accounts", "200000000001", "--role", ROLE];
    expect(parseCommandLine([...base, "--cache", "dynamodb:my-table", "--cache-kms-key", "alias/fleet"])).toMatchObject({ session: { sharedCache: { table: "my-table", kmsKeyId: "alias/fleet" } } });
    expect(() => parseCommandLine([...base, "--cache", "dynamodb:x"])).toThrow(/Invalid --cache: "dynamodb:x"; expected file \(the default\) or dynamodb:<table>/);
    expect(() => parseCommandLine([...base, "--cache", "redis:x"])).toThrow(/Invalid --cache/);
    expect(() => parseCommandLine([...base, "--cache-kms-key", "alias/fleet"])).toThrow(/Invalid --cache-kms-key: "alias\/fleet"; expected to be used with --cache dynamodb:<table>/);
    expect(() => parseCommandLine([...base, "--cache", "dynamodb:my-table", "--no-cache"])).toThrow(/one of --no-cache and --cache/);
    expect(parseCommandLine(["cache", "list", "--cache", "dynamodb:my-table", "--region", "eu-west-1"])).toEqual({ command: "cache", action: "list", expired: false, format: "table", shared: { table: "my-table" }, region: "eu-west-1" });
  });
});
