// The CLI over an SSO sign-in: `sessionfleet sandbox`'s SSO lines run as printed, then
// `accounts --accounts sso` (table, json, csv) and a fan-out command with --accounts sso --role.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSandboxSsoLines, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { ssoHome } from "./helpers.js";

let sb: Sandbox;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox({ sso: { pageSize: 2 } });
  home = mkdtempSync(join(tmpdir(), "sessionfleet-sso-cli-"));
  // The lines exactly as `sessionfleet sandbox` prints them (comments stripped), then what they set.
  const lines = formatSandboxSsoLines(sb).split("\n").filter((l) => l.startsWith("#   ") && !l.includes("sessionfleet ")).map((l) => l.slice(4));
  const script = `set -e\n${lines.join("\n")}\necho "$AWS_CONFIG_FILE"\n`;
  const config = execFileSync("sh", ["-c", script], { env: { PATH: process.env.PATH ?? "", HOME: home }, encoding: "utf8" }).trim();
  env = cleanEnv({ HOME: home, AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL: sb.endpoint });
});
afterAll(async () => {
  await sb.close();
  rmSync(home, { recursive: true, force: true });
});

describe("sessionfleet with --accounts sso", () => {
  it("accounts --accounts sso lists the sign-in's accounts with their permission sets (json, csv, table)", async () => {
    const json = await runCli(["accounts", "--accounts", "sso", "--profile", "sandbox-sso", "--format", "json"], env);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ accounts: [
      { accountId: "100000000001", name: "management", roles: ["AdministratorAccess", "ReadOnlyAccess"] },
      { accountId: "200000000001", name: "prod-web", roles: ["AdministratorAccess", "ReadOnlyAccess"] },
      { accountId: "200000000002", name: "prod-data", roles: ["ReadOnlyAccess"] },
      { accountId: "200000000004", name: "dev-web", roles: ["PowerUserAccess"] },
      { accountId: "200000000005", name: "dev-data", roles: ["PowerUserAccess", "ReadOnlyAccess"] },
    ] });
    const csv = await runCli(["accounts", "--accounts", "sso", "--profile", "sandbox-sso", "--format", "csv", "--exclude", "dev-*"], env);
    expect(csv.stdout).toBe("accountId,name,roles\r\n100000000001,management,AdministratorAccess ReadOnlyAccess\r\n200000000001,prod-web,AdministratorAccess ReadOnlyAccess\r\n200000000002,prod-data,ReadOnlyAccess\r\n");
    expect(csv.stderr).toContain("Left out (--exclude): 200000000004 dev-web, 200000000005 dev-data");
    const table = await runCli(["accounts", "--accounts", "sso", "--profile", "sandbox-sso", "--name", "prod-*"], env);
    expect(table.stdout).toContain("Permission sets");
    expect(table.stdout).toMatch(/200000000002 +│? *prod-data +│? *ReadOnlyAccess/);
    expect(table.stdout).toContain("2 accounts");
  });

  it("whoami --accounts sso --role runs in the accounts with the permission set and says which were left out", async () => {
    sb.resetStats();
    const run = await runCli(["whoami", "--accounts", "sso", "--role", "ReadOnlyAccess", "--regions", "us-east-1,us-west-2", "--profile", "sandbox-sso", "--format", "json"], env);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { targets: Array<{ accountId: string; region: string; ok: boolean }>; failed: number };
    expect(out.failed).toBe(0);
    expect(out.targets.map((t) => `${t.accountId} ${t.region}`)).toEqual(["100000000001", "200000000001", "200000000002", "200000000005"].flatMap((id) => [`${id} us-east-1`, `${id} us-west-2`]));
    expect(run.stderr).toContain("Left out (none of the --role permission sets): 200000000004 dev-web");
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBe(4);
  });

  it("--accounts-file narrows the sign-in's accounts to those it lists", async () => {
    const file = join(home, "accounts.json");
    writeFileSync(file, JSON.stringify({ accounts: [{ account_id: "200000000002", name: "prod-data" }, { account_id: "200000000004", name: "dev-web" }] }));
    const run = await runCli(["whoami", "--accounts", "sso", "--accounts-file", file, "--role", "ReadOnlyAccess", "--region", "us-east-1", "--profile", "sandbox-sso", "--format", "json"], env);
    const out = JSON.parse(run.stdout) as { targets: Array<{ accountId: string }> };
    expect(out.targets.map((t) => t.accountId)).toEqual(["200000000002"]);
    expect(run.stderr).toContain("Left out (none of the --role permission sets): 200000000004 dev-web");
  });

  it("refuses --tag and --ou with --accounts sso, and --accounts sso without --role (exit 2, nothing contacted)", async () => {
    sb.resetStats();
    const tag = await runCli(["whoami", "--accounts", "sso", "--role", "ReadOnlyAccess", "--tag", "env=prod", "--profile", "sandbox-sso"], env);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toContain("--tag does not go with --accounts sso: IAM Identity Center accounts have no tags; use --name or --exclude");
    const ou = await runCli(["accounts", "--accounts", "sso", "--ou", "ou-sf01-prod0001", "--profile", "sandbox-sso"], env);
    expect(ou.code).toBe(2);
    const noRole = await runCli(["whoami", "--accounts", "sso", "--profile", "sandbox-sso"], env);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain("--role is required with --accounts");
    expect(sb.stats().requests).toBe(0);
  });

  it("an expired sign-in without a refresh token: one configuration error, exit 2, before any target", async () => {
    const expired = ssoHome(sb, { expiresInMs: -60_000, refresh: false });
    try {
      sb.resetStats();
      const run = await runCli(["whoami", "--accounts", "sso", "--role", "ReadOnlyAccess", "--region", "us-east-1", "--profile", "sso-dev"], cleanEnv({ ...expired.env, AWS_ENDPOINT_URL: sb.endpoint }));
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe("sessionfleet: SSO token for sso-session sessionfleet-sandbox expired: run `aws sso login --sso-session sessionfleet-sandbox`\n");
      expect(sb.stats().requests).toBe(0);
      const list = await runCli(["accounts", "--accounts", "sso", "--profile", "sso-dev"], cleanEnv({ ...expired.env, AWS_ENDPOINT_URL: sb.endpoint }));
      expect(list.code).toBe(2);
      expect(list.stderr).toBe("sessionfleet: SSO token for sso-session sessionfleet-sandbox expired: run `aws sso login --sso-session sessionfleet-sandbox`\n");
    } finally {
      expired.restore();
    }
  });
});
