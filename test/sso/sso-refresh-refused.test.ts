// An expired token whose refresh SSO OIDC refuses (InvalidGrantException: the refresh token was
// revoked or has expired) is the same configuration error as one without a refresh token: one
// CreateToken, then "run aws sso login", before any portal request. Its own file: the SDK's token
// provider tries a session's refresh at most once per 30 s per process, so another test's refresh
// of the same sso-session would hide this one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { CredentialSession, fanOut } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ssoHome, type SsoHome } from "./helpers.js";

let sb: Sandbox;
let home: SsoHome;
beforeAll(async () => {
  sb = await startSandbox();
  (home = ssoHome(sb, { expiresInMs: -60_000, refreshToken: "FAKEssoREVOKEDrefreshTOKEN" })).use();
});
afterAll(async () => {
  home.restore();
  await sb.close();
});

it("a refused refresh ends in the expired-sign-in configuration error, after one CreateToken and no portal call", async () => {
  sb.resetStats();
  const session = new CredentialSession({ profile: "sso-dev", region: "us-east-1", clientConfig: { endpoint: sb.endpoint } });
  const run = fanOut({ session, accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1"] }, async () => 1);
  await expect(run).rejects.toMatchObject({
    code: "ERR_NO_CREDENTIALS", kind: "expired-credentials",
    message: "SSO token for sso-session sessionfleet-sandbox expired: run `aws sso login --sso-session sessionfleet-sandbox`",
  });
  const stats = sb.stats();
  expect(stats.byAction["sso-oidc:CreateToken"]).toBe(1);
  expect(stats.errors.InvalidGrantException).toBe(1);
  expect(stats.byService.sso).toBeUndefined();
});
