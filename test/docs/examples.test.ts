// Every example runs here against a sandbox serving the demo organisation (plus two option
// groups in the management account's us-east-1 and one in its us-west-1), and its output is
// checked exactly. The examples read the standard AWS environment, as a user's script would.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrganization, sandboxEnv, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ROOT } from "./markdown.js";
import { main as whoamiMain } from "../../examples/assume-role-per-account.js";
import { main as poolStatsMain } from "../../examples/pool-stats.js";
import { main as countMain } from "../../examples/count-option-groups.js";
import { main as opsMain } from "../../examples/ops-script.js";
import { settledRequests } from "../e2e/settled.js";

let sb: Sandbox;

beforeAll(async () => {
  const { managementAccountId, accounts, ous, regions, roles, optionGroups } = demoOrganization();
  sb = await startSandbox({
    managementAccountId, accounts, ous, regions, roles,
    optionGroups: { ...(optionGroups as Record<string, Record<string, number>>), [managementAccountId]: { "us-east-1": 2, "us-west-1": 1 } },
  });
  Object.assign(process.env, sandboxEnv(sb), { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
});
afterAll(async () => sb?.close());

type Main = (argv: string[], print: (line: string) => void, warn: (line: string) => void) => Promise<number>;

async function run(main: Main, argv: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(argv, (line) => lines.push(line), (line) => errors.push(line));
  return { code, lines, errors };
}

const ROLE = "OrganizationAccountAccessRole";
const zeros = (account: string, regions: string[]) => regions.map((r) => `  ${account} ${r} 0`);

describe("examples/count-option-groups.ts", () => {
  it("two regions of the caller's account, then every enabled region of every ACTIVE member", async () => {
    sb.resetStats();
    const { code, lines } = await run(countMain, ["--regions", "us-east-1,us-west-1"]);
    expect(lines).toEqual([
      "Your account:",
      "  100000000001 us-east-1 2",
      "  100000000001 us-west-1 1",
      "  total 3; 2 targets ok, 0 failed",
      "Every enabled region of every account:",
      // "enabled" regions are listed per account, sorted by name.
      ...zeros("200000000001", ["ap-northeast-1", "ap-southeast-1", "eu-central-1"]),
      "  200000000001 eu-west-1 1",
      "  200000000001 us-east-1 3",
      ...zeros("200000000001", ["us-east-2", "us-west-1", "us-west-2"]),
      ...zeros("200000000002", ["ap-northeast-1", "ap-southeast-1", "eu-central-1", "eu-west-1"]),
      "  200000000002 us-east-1 2",
      ...zeros("200000000002", ["us-east-2", "us-west-1"]),
      "  200000000002 us-west-2 1",
      // prod-legacy has no such role: one record, since its regions cannot be listed without it.
      "  200000000003 (regions unknown) failed at assume-role: ERR_ASSUME_ROLE",
      "  200000000004 ap-northeast-1 4",
      ...zeros("200000000004", ["ap-southeast-1", "eu-central-1", "eu-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"]),
      ...zeros("200000000005", ["ap-northeast-1", "ap-southeast-1", "eu-central-1", "eu-west-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"]),
      "  total 11; 32 targets ok, 1 failed",
    ]);
    expect(code).toBe(1);
    // One AssumeRole per member account, however many regions; the suspended account is skipped.
    expect(sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000002": 1, "200000000003": 1, "200000000004": 1, "200000000005": 1 });
  });

  it("runs when executed directly with node and the examples' TypeScript hooks", async () => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const env = { PATH: process.env.PATH ?? "", HOME: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...sandboxEnv(sb) };
      const child = spawn(process.execPath, ["--import", "./examples/ts-hooks.mjs", "examples/count-option-groups.ts", "--regions", "us-east-1,us-west-1"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout }));
    });
    expect(stdout.split("\n").slice(0, 4)).toEqual(["Your account:", "  100000000001 us-east-1 2", "  100000000001 us-west-1 1", "  total 3; 2 targets ok, 0 failed"]);
    expect(stdout).toContain("  total 11; 32 targets ok, 1 failed\n");
    expect(code).toBe(1);
  });
});

describe("examples/ops-script.ts", () => {
  const org = ["--accounts", "org", "--role", ROLE, "--regions", "enabled"];
  const HEADER = "account,region,option_group,engine,major_version";

  it("streams one CSV row per option group and lists the failed account on stderr", async () => {
    const { code, lines, errors } = await run(opsMain, org);
    expect(lines[0]).toBe(HEADER);
    // Streamed in completion order; the set of rows is exact.
    expect(lines.slice(1).sort()).toEqual([
      "200000000001,eu-west-1,sandbox-og-001,mysql,8.0",
      "200000000001,us-east-1,sandbox-og-001,mysql,8.0",
      "200000000001,us-east-1,sandbox-og-002,postgres,16",
      "200000000001,us-east-1,sandbox-og-003,mariadb,10.11",
      "200000000002,us-east-1,sandbox-og-001,mysql,8.0",
      "200000000002,us-east-1,sandbox-og-002,postgres,16",
      "200000000002,us-west-2,sandbox-og-001,mysql,8.0",
      "200000000004,ap-northeast-1,sandbox-og-001,mysql,8.0",
      "200000000004,ap-northeast-1,sandbox-og-002,postgres,16",
      "200000000004,ap-northeast-1,sandbox-og-003,mariadb,10.11",
      "200000000004,ap-northeast-1,sandbox-og-004,oracle-ee,19",
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^failed: 200000000003 - assume-role ERR_ASSUME_ROLE: AssumeRole arn:aws:iam::200000000003:role\/OrganizationAccountAccessRole failed: AccessDenied/);
    expect(code).toBe(1);
  });

  it("two shards cover every row once, each account in exactly one shard", async () => {
    const full = (await run(opsMain, org)).lines.slice(1).sort();
    const first = await run(opsMain, [...org, "--shard", "1/2"]);
    const second = await run(opsMain, [...org, "--shard", "2/2"]);
    expect([...first.lines.slice(1), ...second.lines.slice(1)].sort()).toEqual(full);
    const accountsOf = (lines: string[]) => new Set(lines.slice(1).map((l) => l.split(",")[0]));
    const a = accountsOf(first.lines);
    expect([...accountsOf(second.lines)].filter((id) => a.has(id))).toEqual([]);
    expect(a.size).toBeGreaterThan(0);
  });

  it("a bad --shard exits 2 before any request", async () => {
    sb.resetStats();
    const { code, lines, errors } = await run(opsMain, [...org, "--shard", "3/2"]);
    expect({ code, lines, errors }).toEqual({ code: 2, lines: [], errors: ["Invalid shard.index: 2; expected a whole number from 0 to 1 (shard.count is 2)."] });
    expect(await settledRequests(sb)).toBe(0);
  });
});

describe("examples/assume-role-per-account.ts", () => {
  it("answers per (account, region) with one AssumeRole per account", async () => {
    sb.resetStats();
    const { code, lines } = await run(whoamiMain, ["--regions", "us-east-1,eu-west-1", "200000000001", "200000000002", "200000000003"]);
    const arn = (id: string) => `arn:aws:sts::${id}:assumed-role/${ROLE}/sessionfleet-whoami`;
    expect(lines).toEqual([
      `200000000001 us-east-1 ${arn("200000000001")}`,
      `200000000001 eu-west-1 ${arn("200000000001")}`,
      `200000000002 us-east-1 ${arn("200000000002")}`,
      `200000000002 eu-west-1 ${arn("200000000002")}`,
      "200000000003 us-east-1 failed: ERR_ASSUME_ROLE",
      "200000000003 eu-west-1 failed: ERR_ASSUME_ROLE",
    ]);
    expect(code).toBe(1);
    expect(sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000002": 1, "200000000003": 1 });
  });

  it("prints usage and exits 2 without accounts, before any request", async () => {
    sb.resetStats();
    expect(await run(whoamiMain, [])).toEqual({ code: 2, lines: ["usage: assume-role-per-account.ts [--role NAME] [--regions R,R] ACCOUNT_ID..."], errors: [] });
    expect(await settledRequests(sb)).toBe(0);
  });
});

describe("examples/pool-stats.ts", () => {
  it("prints the counters quoted in docs/concepts.md", async () => {
    const { code, lines } = await run(poolStatsMain, ["200000000001", "200000000002", "200000000004"]);
    expect(code).toBe(0);
    expect(lines).toEqual([
      "sessions made: requests=0 socketsCreated=0 socketsOpen=0 socketsIdle=0",
      "calls done: requests=9 socketsCreated=1 socketsOpen=1 socketsIdle=1",
      "sessions closed: requests=9 socketsCreated=1 socketsOpen=1 socketsIdle=1",
      "pool destroyed: socketsOpen=0",
    ]);
    expect(readFileSync(join(ROOT, "docs/concepts.md"), "utf8")).toContain(`\`\`\`text\n${lines.join("\n")}\n\`\`\``);
  });
});
