// accounts "sso" against the sandbox's IAM Identity Center portal: listing (paging), who has
// which permission set, one GetRoleCredentials per (account, role) shared by its regions, and
// the profile's own role credentials never fetched.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CredentialSession, fanOut, FleetError, listSsoAccounts, MemoryCredentialStore, type AccountSelection } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ssoHome, type SsoHome } from "./helpers.js";

let sb: Sandbox;
let home: SsoHome | undefined;

beforeAll(async () => {
  sb = await startSandbox({ sso: { pageSize: 2 } });
});
afterAll(() => sb.close());
afterEach(() => {
  home?.restore();
  home = undefined;
  sb.setSsoFaults(null);
});

function session(options: { cache?: MemoryCredentialStore } = {}): CredentialSession {
  return new CredentialSession({ profile: "sso-dev", region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, ...options });
}

const whoami = async ({ session: s, signal }: { session: CredentialSession; signal: AbortSignal }) =>
  (await s.client(STSClient).send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Arn;

describe("listSsoAccounts", () => {
  it("lists every assigned account with its permission sets, one ListAccounts request per page", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    const accounts = await listSsoAccounts(session());
    expect(accounts).toEqual([
      { accountId: "100000000001", accountName: "management", emailAddress: "management@example.com", roles: ["AdministratorAccess", "ReadOnlyAccess"] },
      { accountId: "200000000001", accountName: "prod-web", emailAddress: "prod-web@example.com", roles: ["AdministratorAccess", "ReadOnlyAccess"] },
      { accountId: "200000000002", accountName: "prod-data", emailAddress: "prod-data@example.com", roles: ["ReadOnlyAccess"] },
      { accountId: "200000000004", accountName: "dev-web", emailAddress: "dev-web@example.com", roles: ["PowerUserAccess"] },
      { accountId: "200000000005", accountName: "dev-data", emailAddress: "dev-data@example.com", roles: ["PowerUserAccess", "ReadOnlyAccess"] },
    ]);
    const stats = sb.stats();
    // 5 accounts at 2 a page: 3 pages; prod-web's and dev-data's two roles fit one page each.
    expect(stats.byAction["sso:ListAccounts"]).toBe(3);
    expect(stats.byAction["sso:ListAccountRoles"]).toBe(5);
    expect(stats.byAction["sso:GetRoleCredentials"]).toBeUndefined();
    expect(stats.byService.sts).toBeUndefined();
  });

  it("reads a legacy profile's token (sso_start_url, cache named by the start URL)", async () => {
    (home = ssoHome(sb, { legacy: true })).use();
    expect((await listSsoAccounts(session())).map((a) => a.accountId)).toHaveLength(5);
  });
});

describe("fanOut accounts: \"sso\"", () => {
  it("runs in the accounts that have the permission set, one GetRoleCredentials per account for all its regions", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    let selection: AccountSelection | undefined;
    const report = await fanOut({
      session: session(), accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1", "eu-west-1"], onAccounts: (s) => (selection = s),
    }, whoami);
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => `${r.accountId} ${r.region} ${r.ok ? r.value : ""}`)).toEqual(["100000000001", "200000000001", "200000000002", "200000000005"].flatMap((id) => [
      `${id} us-east-1 arn:aws:sts::${id}:assumed-role/AWSReservedSSO_ReadOnlyAccess_0123456789abcdef/sandbox-user@example.com`,
      `${id} eu-west-1 arn:aws:sts::${id}:assumed-role/AWSReservedSSO_ReadOnlyAccess_0123456789abcdef/sandbox-user@example.com`,
    ]));
    expect(report.results[0]?.roleArn).toBe("arn:aws:iam::100000000001:role/ReadOnlyAccess");
    expect(report.results[0]?.accountName).toBe("management");
    expect(selection?.leftOut).toEqual([{ accountId: "200000000004", name: "dev-web", rule: "no-permission-set" }]);
    const stats = sb.stats();
    // 4 accounts have ReadOnlyAccess: 4 calls, not 8 (× regions), and none for the profile's own
    // AdministratorAccess role (which fromIni would have fetched), and no STS AssumeRole.
    expect(stats.byAction["sso:GetRoleCredentials"]).toBe(4);
    expect(stats.assumeRole.total).toBe(0);
    expect(stats.byAction["sts:GetCallerIdentity"]).toBe(8);
  });

  it("runs every permission set asked for, per account that has it; names and exclude narrow the accounts", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    let selection: AccountSelection | undefined;
    const report = await fanOut({
      session: session(), accounts: { sso: { names: ["prod-*", "dev-*"], exclude: ["200000000002"] } }, roles: ["ReadOnlyAccess", "PowerUserAccess"],
      regions: ["us-east-1"], onAccounts: (s) => (selection = s),
    }, async () => 1);
    expect(report.results.map((r) => `${r.accountId} ${r.roleArn?.split("/")[1]}`)).toEqual([
      "200000000001 ReadOnlyAccess", "200000000004 PowerUserAccess", "200000000005 ReadOnlyAccess", "200000000005 PowerUserAccess",
    ]);
    expect(selection?.leftOut.map((a) => `${a.accountId} ${a.rule}`)).toEqual(["100000000001 names", "200000000002 excluded"]);
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBe(4);
  });

  it("keeps SSO credentials in the session's store: a second run with a new session calls GetRoleCredentials no more", async () => {
    (home = ssoHome(sb)).use();
    const store = new MemoryCredentialStore();
    const options = { accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1"] } as const;
    sb.resetStats();
    expect((await fanOut({ ...options, session: session({ cache: store }) }, whoami)).failed).toEqual([]);
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBe(4);
    expect(store.size).toBe(4);
    sb.resetStats();
    expect((await fanOut({ ...options, session: session({ cache: store }) }, whoami)).failed).toEqual([]);
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBeUndefined();
  });

  it("refreshes an account's SSO credentials like an assumed role's: an expired answer gets one new GetRoleCredentials and one retry", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    let expired = false;
    const report = await fanOut({ session: session(), accounts: { sso: { names: ["prod-data"] } }, roles: "ReadOnlyAccess", regions: ["us-east-1", "us-west-2"], concurrency: 1 },
      async (target) => {
        // Between the two regions every issued key expires: the second region's call is refused
        // (ExpiredToken), the child refreshes once through the portal and retries.
        if (target.region === "us-west-2" && !expired) {
          expired = true;
          sb.expireAll();
        }
        return whoami(target);
      });
    expect(report.failed).toEqual([]);
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBe(2);
    expect(sb.stats().errors.ExpiredToken).toBe(1);
  });

  it("shards split the SSO accounts: the shards' records are the whole run's, each account in one shard", async () => {
    (home = ssoHome(sb)).use();
    const options = { accounts: "sso", roles: ["ReadOnlyAccess", "PowerUserAccess"], regions: ["us-east-1"] } as const;
    const whole = (await fanOut({ ...options, session: session() }, async () => 1)).results.map((r) => `${r.accountId} ${r.roleArn}`);
    const parts = await Promise.all([0, 1, 2].map(async (index) => (await fanOut({ ...options, session: session(), shard: { index, count: 3 } }, async () => 1)).results.map((r) => `${r.accountId} ${r.roleArn}`)));
    expect(parts.flat().sort()).toEqual([...whole].sort());
    expect(whole).toHaveLength(6);
  });

  it("worker threads run SSO targets with the same credentials and the same counts", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    const report = await fanOut({ session: session(), accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1", "eu-west-1"], workers: 2 },
      new URL("./fixtures/whoami-task.mjs", import.meta.url));
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => r.ok && String(r.value).split("/")[1])).toEqual(new Array(8).fill("AWSReservedSSO_ReadOnlyAccess_0123456789abcdef"));
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBe(4);
    expect(sb.stats().assumeRole.total).toBe(0);
  });

  it("refuses a tag rule and role ARNs before any request", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    const tags = fanOut({ session: session(), accounts: { sso: { tags: { env: "prod" } } } as never, roles: "ReadOnlyAccess" }, async () => 1);
    await expect(tags).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "accounts.sso.tags" });
    await expect(tags).rejects.toThrow(/IAM Identity Center accounts have no tags/);
    const arn = fanOut({ session: session(), accounts: "sso", roles: "arn:aws:iam::200000000001:role/ReadOnlyAccess" }, async () => 1);
    await expect(arn).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "roles" });
    const none = fanOut({ session: session(), accounts: "sso" }, async () => 1);
    await expect(none).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "roles" });
    expect(sb.stats().requests).toBe(0);
  });

  it("regions \"enabled\" lists each account's regions with its SSO credentials", async () => {
    (home = ssoHome(sb)).use();
    sb.resetStats();
    const report = await fanOut({ session: session(), accounts: { sso: { names: ["prod-data"] } }, roles: "ReadOnlyAccess", regions: "enabled" }, async () => 1);
    expect(report.results.map((r) => r.region).sort()).toEqual([...sb.organization.regions.enabled].sort());
    expect(sb.stats().byAction["sso:GetRoleCredentials"]).toBe(1);
  });
});

describe("SSO tokens", () => {
  it("an expired token without a refresh token is one configuration error, before any request", async () => {
    (home = ssoHome(sb, { expiresInMs: -60_000, refresh: false })).use();
    sb.resetStats();
    const run = fanOut({ session: session(), accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1"] }, async () => 1);
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect((error as FleetError).message).toBe("SSO token for sso-session sessionfleet-sandbox expired: run `aws sso login --sso-session sessionfleet-sandbox`");
    expect((error as FleetError).code).toBe("ERR_NO_CREDENTIALS");
    expect(sb.stats().requests).toBe(0);
    await expect(listSsoAccounts(session())).rejects.toThrow("SSO token for sso-session sessionfleet-sandbox expired: run `aws sso login --sso-session sessionfleet-sandbox`");
  });

  it("an expired token with a refresh token is refreshed once through SSO OIDC CreateToken and written back", async () => {
    (home = ssoHome(sb, { expiresInMs: -60_000, accessToken: "FAKEssoEXPIREDtoken" })).use();
    sb.resetStats();
    const report = await fanOut({ session: session(), accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1"] }, whoami);
    expect(report.failed).toEqual([]);
    expect(report.results).toHaveLength(4);
    expect(sb.stats().byAction["sso-oidc:CreateToken"]).toBe(1);
    const cached = home.cached();
    expect(cached.accessToken).toMatch(/^FAKEssoTOKEN/);
    expect(new Date(cached.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it("a token the portal refuses mid-run (UnauthorizedException) fails the rest with the sign-in advice, kind expired-credentials", async () => {
    (home = ssoHome(sb)).use();
    sb.setSsoFaults({ unauthorizedAfter: 2 });
    const report = await fanOut({ session: session(), accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1"], concurrency: 1 }, async () => 1);
    expect(report.succeeded.map((r) => r.accountId)).toEqual(["100000000001", "200000000001"]);
    expect(report.failed.map((r) => r.accountId)).toEqual(["200000000002", "200000000005"]);
    for (const r of report.failed) {
      expect(r.stage).toBe("assume-role");
      expect(r.error.kind).toBe("expired-credentials");
      expect(r.error.awsCode).toBe("UnauthorizedException");
      expect(r.error.message).toContain("run `aws sso login --sso-session sessionfleet-sandbox`");
    }
  });

  it("a token the portal refuses at the listing is the run's configuration error", async () => {
    (home = ssoHome(sb, { accessToken: "FAKEssoUNKNOWNtoken" })).use();
    await expect(listSsoAccounts(session())).rejects.toMatchObject({ code: "ERR_NO_CREDENTIALS", message: "SSO token for sso-session sessionfleet-sandbox expired: run `aws sso login --sso-session sessionfleet-sandbox`" });
  });

  it("throttled portal requests (429 TooManyRequestsException) are retried with backoff by the SDK", async () => {
    (home = ssoHome(sb)).use();
    sb.setSsoFaults({ throttle: 2 });
    sb.resetStats();
    const accounts = await listSsoAccounts(session());
    expect(accounts).toHaveLength(5);
    const stats = sb.stats();
    expect(stats.errors.TooManyRequestsException).toBe(2);
    // The first page was asked three times (two 429s, then an answer), the other two once.
    expect(stats.byAction["sso:ListAccounts"]).toBe(5);
  });
});
