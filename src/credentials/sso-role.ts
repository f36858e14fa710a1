// An account's credentials for one IAM Identity Center permission set: the portal's
// GetRoleCredentials (IAM Identity Center Portal API Reference, GetRoleCredentials; the SDK's
// client-sso: GET /federation/credentials?role_name&account_id, the token in
// x-amz-sso_bearer_token, `roleCredentials.expiration` in epoch milliseconds). It is the source of
// a child session like AssumeRole's, so the child's refreshing provider, expired-answer retry and
// credential store work for it unchanged; the portal is reached through the parent's own cached,
// pooled SSOClient (its operations are unsigned, so the parent's credentials are never loaded).
import type { GetRoleCredentialsCommand, GetRoleCredentialsCommandOutput, SSOClient } from "@aws-sdk/client-sso";
import { detachRawResponse, FleetError, messageOf } from "../errors.js";
import type { AssumedIdentity } from "./assume-role.js";
import { keepIssuedFromLogger } from "./redact.js";
import type { CredentialSource } from "./sources.js";
import { ssoTokenOf, type SsoLogin, type SsoTokenSource } from "./sso-token.js";
import type { CredentialSession } from "../session.js";
import { sessionSettings, sourcedChild } from "../session-internals.js";
import { storeKey } from "./store.js";
import { nodeCrypto } from "../node-builtins.js";

/** One (account, permission set) of a sign-in. */
export interface SsoRole {
  accountId: string;
  roleName: string;
  /** The ARN records carry: the permission set's name as a role of the account. */
  roleArn: string;
}

/** The GetRoleCredentials source of an SSO child session. */
export function resolveSsoRoleCredentials(role: SsoRole, tokens: SsoTokenSource, client: (region: string) => Promise<SSOClient>, closing: () => AbortSignal): CredentialSource {
  return {
    label: "sso-role",
    async load(): Promise<AssumedIdentity> {
      const abortSignal = closing();
      const login = await tokens.login();
      const { token } = await tokens.token();
      const { GetRoleCredentialsCommand } = await import("@aws-sdk/client-sso");
      const sso = await client(login.region);
      const context = { roleArn: role.roleArn, accountId: role.accountId, region: login.region, stage: "assume-role" as const };
      try {
        const command = new GetRoleCredentialsCommand({ accountId: role.accountId, roleName: role.roleName, accessToken: token });
        const issued = await sendHidingRoleCredentials(sso, command, abortSignal);
        if (!issued?.accessKeyId || !issued.secretAccessKey) throw new Error("the portal answered without credentials");
        return {
          accessKeyId: issued.accessKeyId,
          secretAccessKey: issued.secretAccessKey,
          ...(issued.sessionToken !== undefined && { sessionToken: issued.sessionToken }),
          ...(issued.expiration !== undefined && { expiration: new Date(issued.expiration) }),
          accountId: role.accountId,
        };
      } catch (error) {
        if (error instanceof FleetError) throw error;
        throw ssoCallError(`GetRoleCredentials ${role.roleName} in ${role.accountId}`, login, error, context);
      }
    },
  };
}

/**
 * A failed portal call as a FleetError. UnauthorizedException means the token is no longer good
 * (expired, signed out): its kind is "expired-credentials" and the message says how to sign in.
 */
export function ssoCallError(call: string, login: SsoLogin, error: unknown, context: { accountId?: string; roleArn?: string; region?: string; stage?: "assume-role" | "discover" } = {}): FleetError {
  const cause = detachRawResponse(error);
  const name = cause instanceof Error ? cause.name : "Error";
  if (name === "UnauthorizedException") {
    return new FleetError("ERR_ASSUME_ROLE", `${call} failed: UnauthorizedException: the SSO token for ${login.label} is no longer accepted: run \`${login.loginCommand}\``,
      { ...context, cause, facts: { kind: "expired-credentials", retryable: false, httpStatus: 401, awsCode: name } });
  }
  return new FleetError(context.stage === "discover" ? "ERR_DISCOVERY" : "ERR_ASSUME_ROLE", `${call} failed: ${name}: ${messageOf(cause)}`, { ...context, cause });
}

/** The store key of an SSO role: start URL, account, permission set and who the token belongs to. */
export function ssoStoreKey(role: SsoRole, tokens: SsoTokenSource, endpoint: string | undefined): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () => {
    key ??= (async () => {
      const login = await tokens.login();
      const who = await tokens.identity();
      // Same digest shape as AssumeRole keys (storeKey), under its own tag so the two never meet.
      const base = storeKey({ caller: who, roleArn: role.roleArn, sessionName: "", stsRegion: login.region, endpoint });
      return nodeCrypto().createHash("sha256").update(JSON.stringify(["sessionfleet/sso/1", login.startUrl, role.accountId, role.roleName, base])).digest("hex");
    })();
    key.catch(() => (key = undefined));
    return key;
  };
}

type Issued = NonNullable<GetRoleCredentialsCommandOutput["roleCredentials"]>;

// The SDK's sensitive-field filter masks the secret and the session token of this answer but not
// the key id; as for AssumeRole, the logger gets a copy with all three hidden.
async function sendHidingRoleCredentials(sso: SSOClient, command: GetRoleCredentialsCommand, abortSignal: AbortSignal): Promise<Issued | undefined> {
  const issued = keepIssuedFromLogger<Issued>(command, "roleCredentials", ["accessKeyId", "secretAccessKey", "sessionToken"]);
  await sso.send(command, { abortSignal });
  return issued();
}

/**
 * The run-owned child session of an SSO (account, permission set): its credentials come from
 * GetRoleCredentials once, shared by all its regions, refreshed like an assumed role's.
 */
export function ssoRoleSession(parent: CredentialSession, role: SsoRole): CredentialSession {
  const tokens = ssoTokenOf(parent);
  const { clientConfig } = sessionSettings(parent);
  const endpoint = typeof clientConfig.endpoint === "string" ? clientConfig.endpoint : process.env.AWS_ENDPOINT_URL_SSO || process.env.AWS_ENDPOINT_URL;
  return sourcedChild(parent, role, (closing) => resolveSsoRoleCredentials(role, tokens, (region) => ssoClient(parent, region), closing), ssoStoreKey(role, tokens, endpoint));
}

/** The session's cached, pooled portal client for `region` (its operations are unsigned). */
export async function ssoClient(session: CredentialSession, region: string): Promise<SSOClient> {
  const { SSOClient } = await import("@aws-sdk/client-sso");
  const client = session.client(SSOClient, { region });
  // The portal's calls are unsigned (noAuth): the session's expired-credential retry would load the
  // session's own credentials before each one, which for an SSO profile is a GetRoleCredentials
  // of its own role that the run never needs.
  client.middlewareStack.remove("sessionfleetExpiredCredentialRetry");
  return client;
}
