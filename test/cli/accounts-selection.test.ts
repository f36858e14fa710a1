// The account-selection flags end to end: main() in-process against the sandbox's demo
// organisation, asserting exact targets and the sandbox's own counters.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

const ROLE = "OrganizationAccountAccessRole";
const MANAGEMENT = "100000000001";

function fakeIo(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, env: {}, out: () => out, err: () => err };
}

let sb: Sandbox;
let dir = "";
beforeAll(async () => {
  sb = await startSandbox();
  dir = await mkdtemp(join(tmpdir(), "sf-cli-accounts-"));
  // isolate-env restores AWS_* after this file.
  process.env.AWS_ACCESS_KEY_ID = sb.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sb.credentials.secretAccessKey;
});
afterAll(async () => {
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => sb.resetStats());

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo();
  // --no-cache: every run of this file would otherwise share the file cache of isolate-env and skip AssumeRole.
  const code = await main([...args, "--endpoint-url", sb.endpoint, "--region", "us-east-1", "--no-cache"], io);
  return { code, out: io.out(), err: io.err() };
}

type Doc = { targets: Array<{ accountId: string; accountName?: string; region: string; roleArn?: string; ok: boolean; stage?: string }> };
const targets = (out: string): string[] => (JSON.parse(out) as Doc).targets.map((t) => `${t.accountId} ${t.region}${t.ok ? "" : ` ${t.stage}`}`);

describe("account selection flags", () => {
  it("--tag env=prod targets exactly the demo's prod accounts, one ListTagsForResource per candidate", async () => {
    const run = await cli(["whoami", "--tag", "env=prod", "--role", ROLE, "--regions", "us-east-1", "--format", "json"]);
    expect(run.code).toBe(1); // prod-legacy has no such role
    expect(targets(run.out)).toEqual(["200000000001 us-east-1", "200000000002 us-east-1", "200000000003 us-east-1 assume-role"]);
    expect((JSON.parse(run.out) as Doc).targets.map((t) => t.accountName)).toEqual(["prod-web", "prod-data", "prod-legacy"]);
    expect(sb.stats().byAction["organizations:ListTagsForResource"]).toBe(5);
    expect(run.err).toContain("Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)");
    expect(run.err).toContain(`Left out (your own account; --include-self runs it): ${MANAGEMENT} management`);
    expect(run.err).toContain("Left out (--tag): 200000000004 dev-web, 200000000005 dev-data");
  });

  it("--tag key=v1,v2 means any of them; --name globs; --exclude by id and by glob", async () => {
    const any = await cli(["whoami", "--tag", "team=search,nobody", "--tag", "env=dev", "--role", ROLE, "--format", "json"]);
    expect(targets(any.out)).toEqual(["200000000005 us-east-1"]);
    const named = await cli(["whoami", "--name", "prod-*", "--name", "dev-web", "--exclude", "200000000002,*-legacy", "--role", ROLE, "--format", "json"]);
    expect(named.code).toBe(0);
    expect(targets(named.out)).toEqual(["200000000001 us-east-1", "200000000004 us-east-1"]);
    // Only the first run looked tags up: once for each of the 5 ACTIVE members.
    expect(sb.stats().byAction["organizations:ListTagsForResource"]).toBe(5);
    expect(named.err).toContain("Left out (--exclude): 200000000002 prod-data, 200000000003 prod-legacy");
    expect(named.err).toContain("Left out (--name): 200000000005 dev-data");
  });

  it("--include-self runs the management account with the caller's credentials: 0 AssumeRole for it", async () => {
    const run = await cli(["whoami", "--accounts", "org", "--include-self", "--name", "management", "--name", "prod-web", "--role", ROLE, "--format", "json"]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out) as Doc;
    expect(doc.targets.map((t) => [t.accountId, t.roleArn])).toEqual([[MANAGEMENT, undefined], ["200000000001", `arn:aws:iam::200000000001:role/${ROLE}`]]);
    expect(sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1 });
  });

  it("--accounts-file with c7n-org per-account roles and regions drives a run with exactly those targets", async () => {
    const path = join(dir, "accounts.yml");
    await writeFile(path, `accounts:
  - account_id: "200000000001"
    name: prod-web
    role: arn:aws:iam::200000000001:role/AuditRole
    external_id: sandbox-external-id
    regions: [us-east-1, eu-west-1]
    tags: ["env:prod"]
  - account_id: "200000000004"
    name: dev-web
    regions: [ap-northeast-1]
    tags: ["env:dev"]
  - account_id: "200000000005"
    name: dev-data
    tags: ["env:dev"]
`);
    const run = await cli(["option-groups", "--accounts-file", path, "--role", ROLE, "--regions", "us-west-2", "--format", "json"]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as Doc).targets.map((t) => `${t.accountId} ${t.accountName} ${t.roleArn?.split("/").pop()} ${t.region}`)).toEqual([
      "200000000001 prod-web AuditRole us-east-1", "200000000001 prod-web AuditRole eu-west-1",
      "200000000004 dev-web OrganizationAccountAccessRole ap-northeast-1", "200000000005 dev-data OrganizationAccountAccessRole us-west-2",
    ]);
    expect(sb.stats().assumeRole.total).toBe(3);
    const table = await cli(["option-groups", "--accounts-file", path, "--role", ROLE, "--tag", "env=dev", "--format", "table"]);
    expect(table.out).toMatch(/│ Account\s+│ Name\s+│ Region/);
    expect(table.out).toMatch(/│ 200000000004 │ dev-web\s+│ ap-northeast-1/);
    expect(table.out).toContain("Left out (--tag): 200000000001 prod-web");
  });

  it("a malformed accounts file is exit 2 naming file, line and field, before any request", async () => {
    const path = join(dir, "bad.yml");
    await writeFile(path, "accounts:\n  - account_id: '200000000001'\n    role: OrganizationAccountAccessRole\n  - account_id: '2000'\n");
    const run = await cli(["whoami", "--accounts-file", path, "--role", ROLE]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`Invalid accounts file ${JSON.stringify(path)}, line 4, field accounts[1].account_id`);
    expect(sb.stats().requests).toBe(0);
  });

  it("accounts --tag env=prod lists what a run would target, with tags", async () => {
    const run = await cli(["accounts", "--tag", "env=prod", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ accounts: [
      { accountId: "200000000001", name: "prod-web", tags: { env: "prod", team: "payments" } },
      { accountId: "200000000002", name: "prod-data", tags: { env: "prod", team: "search" } },
      { accountId: "200000000003", name: "prod-legacy", tags: { env: "prod", team: "payments" } },
    ] });
    expect(sb.stats().assumeRole.total).toBe(0);
    const table = await cli(["accounts", "--tag", "team=payments", "--include-self"]);
    expect(table.out).toMatch(/200000000004 │ dev-web\s+│ env=dev team=payments/);
    expect(table.err).toContain(`Left out (--tag): ${MANAGEMENT} management, 200000000002 prod-data,\n  200000000005 dev-data\n`);
  });

  it.each([
    [["whoami", "--tag", "env"], /^sessionfleet: ERR_INVALID_INPUT: --tag env: expected key=value/],
    [["whoami", "--accounts", "111111111111", "--tag", "env=prod", "--role", ROLE], /--tag goes with --accounts org, --ou or --accounts-file, not with a list of account ids/],
    [["whoami", "--accounts-file", "a.txt"], /--accounts-file a\.txt: expected a \.yml, \.yaml, \.json or \.csv file/],
    [["whoami", "--accounts-file", "a.yml", "--accounts", "org"], /--accounts-file goes without --accounts and --ou/],
    [["whoami", "--accounts-file", "a.yml", "--include-self"], /--include-self goes with --accounts org or --ou, not with --accounts-file/],
  ])("%j is exit 2 before any request", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(sb.stats().requests).toBe(0);
  });
});
