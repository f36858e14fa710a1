// No SSO secret in what a user's logger, the report or its failures show: not the portal token
// (sent in x-amz-sso_bearer_token), not the refresh token or client secret of the cache, not the
// key id, secret or session token GetRoleCredentials issues (the SDK's own log filter hides the
// secret and the session token of that answer but not the key id).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CredentialSession, fanOut } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ssoHome, type SsoHome } from "../sso/helpers.js";
import { recordingLogger, render, renderHidden } from "./capture.js";

let sb: Sandbox;
let home: SsoHome;

beforeAll(async () => {
  sb = await startSandbox();
  // Expired, so the run also refreshes it through CreateToken (refresh token and client secret on the wire).
  (home = ssoHome(sb, { expiresInMs: -60_000 })).use();
});
afterAll(async () => {
  home.restore();
  await sb.close();
});

it("an SSO fan-out with a logger on every client logs no token and no issued credential, and its report shows none", async () => {
  const log = recordingLogger();
  const session = new CredentialSession({ profile: "sso-dev", region: "us-east-1", clientConfig: { endpoint: sb.endpoint, logger: log.logger } });
  const issued: string[] = [];
  sb.setSsoFaults({ unauthorizedAfter: 3 });
  try {
    const report = await fanOut({ session, accounts: "sso", roles: "ReadOnlyAccess", regions: ["us-east-1"], concurrency: 1 }, async ({ session: s, signal }) => {
      const c = await s.getCredentials();
      issued.push(c.accessKeyId, c.secretAccessKey, c.sessionToken ?? "");
      return (await s.client(STSClient).send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Account;
    });
    expect(report.succeeded).toHaveLength(3);
    expect(report.failed).toHaveLength(1);
    expect(log.count()).toBeGreaterThan(0);
    const refreshed = home.cached().accessToken;
    const secrets = [sb.sso.accessToken, refreshed, sb.sso.refreshToken, sb.sso.clientSecret, ...issued.filter((v) => v !== "")];
    expect(secrets.length).toBe(4 + 9);
    const shown = [log.text(), render(report), renderHidden(report.failed.map((r) => r.error)), render(session)].join("\n");
    expect(secrets.filter((s) => shown.includes(s))).toEqual([]);
    // The log did see the portal calls (so the check above looked at them).
    expect(log.text()).toContain("GetRoleCredentialsCommand");
  } finally {
    sb.setSsoFaults(null);
    await session.close();
  }
});
