// `--sandbox --accounts sso`: the embedded sandbox signs in as its portal's demo user, so SSO
// fan-out can be tried in one line with no config files at all (before: exit 2, "needs an IAM
// Identity Center profile").
import { describe, expect, it } from "vitest";
import { cleanEnv, runCli } from "../cli/run-cli.js";

describe("--sandbox with --accounts sso", () => {
  it("whoami runs in every account where the demo user has the permission set, and names the one left out", async () => {
    const run = await runCli(["whoami", "--sandbox", "--accounts", "sso", "--role", "ReadOnlyAccess", "--format", "json"], cleanEnv());
    expect(run.code).toBe(0);
    const { targets } = JSON.parse(run.stdout) as { targets: { accountId: string; ok: boolean; arn: string }[] };
    expect(targets.map((t) => [t.accountId, t.ok])).toEqual([["100000000001", true], ["200000000001", true], ["200000000002", true], ["200000000005", true]]);
    for (const t of targets) expect(t.arn).toMatch(new RegExp(`^arn:aws:sts::${t.accountId}:assumed-role/AWSReservedSSO_ReadOnlyAccess_`));
    expect(run.stderr).toContain("Left out (none of the --role permission sets): 200000000004 dev-web");
  });

  it("accounts --accounts sso lists the demo user's accounts and permission sets", async () => {
    const run = await runCli(["accounts", "--sandbox", "--accounts", "sso", "--format", "csv"], cleanEnv());
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(6);
    expect(run.stdout).toContain("200000000004,dev-web");
  });
});
