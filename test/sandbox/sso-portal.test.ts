// The sandbox's IAM Identity Center portal and SSO OIDC CreateToken, with the plain SDK clients
// (no sessionfleet): shapes, paging, errors as the SDK's exception classes, and option checks.
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, paginateListAccounts, SSOClient } from "@aws-sdk/client-sso";
import { CreateTokenCommand, SSOOIDCClient } from "@aws-sdk/nested-clients/sso-oidc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { rejection } from "./helpers.js";

let sb: Sandbox;
let sso: SSOClient;
beforeAll(async () => {
  sb = await startSandbox({ sso: { pageSize: 3 } });
  sso = new SSOClient({ region: "us-east-1", endpoint: sb.endpoint, maxAttempts: 1 });
});
afterAll(async () => {
  sso.destroy();
  await sb.close();
});

describe("sandbox SSO portal", () => {
  it("pages ListAccounts at the portal's page size, or less when max_result asks", async () => {
    const token = sb.sso.accessToken;
    const pages = [];
    for await (const page of paginateListAccounts({ client: sso }, { accessToken: token })) pages.push(page.accountList?.map((a) => a.accountId));
    expect(pages).toEqual([["100000000001", "200000000001", "200000000002"], ["200000000004", "200000000005"]]);
    const small = await sso.send(new ListAccountsCommand({ accessToken: token, maxResults: 1 }));
    expect(small.accountList).toEqual([{ accountId: "100000000001", accountName: "management", emailAddress: "management@example.com" }]);
    expect(small.nextToken).toBe("page-1");
    const roles = await sso.send(new ListAccountRolesCommand({ accessToken: token, accountId: "200000000005" }));
    expect(roles.roleList).toEqual([{ roleName: "ReadOnlyAccess", accountId: "200000000005" }, { roleName: "PowerUserAccess", accountId: "200000000005" }]);
  });

  it("GetRoleCredentials issues keys the other services accept, expiring in epoch milliseconds", async () => {
    const before = Date.now();
    const out = await sso.send(new GetRoleCredentialsCommand({ accessToken: sb.sso.accessToken, accountId: "200000000002", roleName: "ReadOnlyAccess" }));
    const c = out.roleCredentials!;
    expect(c.accessKeyId).toMatch(/^ASIAFAKE/);
    expect(c.expiration).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
    expect(c.expiration).toBeLessThan(before + 3_601_000);
  });

  it("refuses what the real portal refuses, as the SDK's exception classes", async () => {
    const bad = await rejection(sso.send(new ListAccountsCommand({ accessToken: "FAKEnotAtoken" })));
    expect([bad.name, bad.$metadata?.httpStatusCode]).toEqual(["UnauthorizedException", 401]);
    const unknown = await rejection(sso.send(new ListAccountRolesCommand({ accessToken: sb.sso.accessToken, accountId: "200000000006" })));
    expect([unknown.name, unknown.$metadata?.httpStatusCode]).toEqual(["ResourceNotFoundException", 404]);
    const notAssigned = await rejection(sso.send(new GetRoleCredentialsCommand({ accessToken: sb.sso.accessToken, accountId: "200000000004", roleName: "ReadOnlyAccess" })));
    expect(notAssigned.$metadata?.httpStatusCode).toBe(403);
    sb.setSsoFaults({ throttle: 1 });
    const throttled = await rejection(sso.send(new ListAccountsCommand({ accessToken: sb.sso.accessToken })));
    expect([throttled.name, throttled.$metadata?.httpStatusCode]).toEqual(["TooManyRequestsException", 429]);
    expect((await sso.send(new ListAccountsCommand({ accessToken: sb.sso.accessToken }))).accountList).toHaveLength(3);
    sb.setSsoFaults(null);
  });

  it("CreateToken exchanges the refresh token for a new access token the portal accepts, and refuses a wrong one", async () => {
    const oidc = new SSOOIDCClient({ region: "us-east-1", endpoint: sb.endpoint, maxAttempts: 1 });
    try {
      const { clientId, clientSecret, refreshToken } = sb.sso;
      const out = await oidc.send(new CreateTokenCommand({ clientId, clientSecret, refreshToken, grantType: "refresh_token" }));
      expect(out.expiresIn).toBe(28_800);
      expect((await sso.send(new ListAccountsCommand({ accessToken: out.accessToken! }))).accountList).toHaveLength(3);
      const wrong = await rejection(oidc.send(new CreateTokenCommand({ clientId, clientSecret, refreshToken: "FAKEwrong", grantType: "refresh_token" })));
      expect(wrong.name).toBe("InvalidGrantException");
      sb.revokeSsoTokens();
      const revoked = await rejection(sso.send(new ListAccountsCommand({ accessToken: out.accessToken! })));
      expect(revoked.name).toBe("UnauthorizedException");
    } finally {
      oidc.destroy();
    }
  });

  it("checks its SSO options before it listens", async () => {
    await expect(startSandbox({ sso: { assignments: { "999999999999": ["ReadOnlyAccess"] } } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "sso.assignments.999999999999" });
    await expect(startSandbox({ sso: { assignments: { "200000000001": [] } } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
    await expect(startSandbox({ sso: { pageSize: 0 } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "sso.pageSize" });
    await expect(startSandbox({ sso: { faults: { throttle: -1 } } })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "sso.faults.throttle" });
  });
});
