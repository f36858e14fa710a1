// Every example runs here against a sandbox serving the demo organisation, and its output is
// checked exactly. The examples read the standard AWS environment, as a user's script would.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ROOT } from "./markdown.js";
import { main as whoamiMain } from "../../examples/assume-role-per-account.js";
import { main as poolStatsMain } from "../../examples/pool-stats.js";

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
  Object.assign(process.env, sandboxEnv(sb), { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
});
afterAll(async () => sb?.close());

async function run(main: (argv: string[], print: (line: string) => void) => Promise<number>, argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(argv, (line) => lines.push(line));
  return { code, lines };
}

describe("examples/assume-role-per-account.ts", () => {
  it("answers per (account, region) with one AssumeRole per account", async () => {
    sb.resetStats();
    const { code, lines } = await run(whoamiMain, ["--regions", "us-east-1,eu-west-1", "200000000001", "200000000002", "200000000003"]);
    const arn = (id: string) => `arn:aws:sts::${id}:assumed-role/OrganizationAccountAccessRole/sessionfleet-whoami`;
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
    expect(await run(whoamiMain, [])).toEqual({ code: 2, lines: ["usage: assume-role-per-account.ts [--role NAME] [--regions R,R] ACCOUNT_ID..."] });
    expect(sb.stats().requests).toBe(0);
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
