// Every `sessionfleet` line of the README works as written, as a new user would run it: the real
// bin, a plain ~/.aws/config with a profile `ops` (its region and endpoint_url there only), and
// default-chain keys for lines without --profile, all pointed at a sandbox whose organisation has
// the accounts and roles the README names. Each line must exit 0.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { codeBlocks, isShell } from "./markdown.js";

const README_LINES = codeBlocks("README.md")
  .filter(isShell)
  .flatMap((block) => block.code.split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => /^(npx )?sessionfleet /.test(line));

let sb: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  const members = ["111111111111", "222222222222", "333333333333"];
  sb = await startSandbox({
    accounts: members.map((id) => ({ id })),
    roles: [...members.map((accountId) => ({ accountId, roleName: "OrganizationAccountAccessRole" })), ...members.map((accountId) => ({ accountId, roleName: "Audit" }))],
  });
  const home = mkdtempSync(join(tmpdir(), "sessionfleet-readme-"));
  writeFileSync(join(home, "config"), `[profile ops]\nregion = us-east-1\nendpoint_url = ${sb.endpoint}\n`);
  writeFileSync(join(home, "credentials"), `[ops]\naws_access_key_id = ${sb.credentials.accessKeyId}\naws_secret_access_key = ${sb.credentials.secretAccessKey}\n`);
  env = cleanEnv({
    AWS_CONFIG_FILE: join(home, "config"), AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    // For the lines without --profile: the default chain's environment keys and endpoint.
    AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey,
    AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: sb.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
});
afterAll(async () => {
  await sb?.close();
});

describe("README command lines", () => {
  it("are found", () => {
    expect(README_LINES.length).toBeGreaterThanOrEqual(3);
  });

  it.each(README_LINES)("%s exits 0", async (line) => {
    const argv = [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(([, a, b, c]) => a ?? b ?? c!).slice(line.startsWith("npx ") ? 2 : 1);
    // --profile lines get their keys from the profile only, as a user's would.
    const lineEnv = argv.includes("--profile") ? Object.fromEntries(Object.entries(env).filter(([k]) => !["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL", "AWS_REGION"].includes(k))) : env;
    const run = await runCli(argv, lineEnv);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(0);
  });
});
