// The accounts an IAM Identity Center sign-in reaches, and its permission sets in each: the
// portal's ListAccounts (paged) and ListAccountRoles per account (paged, at most `concurrency`
// at once). AWS "IAM Identity Center Portal API Reference": ListAccounts, ListAccountRoles; the
// SDK's client-sso serializers (GET /assignment/accounts and /assignment/roles, `next_token`,
// `max_result`, `account_id`, the token in `x-amz-sso_bearer_token`). Throttling
// (TooManyRequestsException, 429) is retried with backoff by the SDK's standard retry strategy,
// which lists it among its throttling codes (@smithy/core retry THROTTLING_ERROR_CODES).
import { setMaxListeners } from "node:events";
import pLimit from "p-limit";
import { FleetError, invalidInput } from "../../errors.js";
import type { CredentialSession } from "../../session.js";
import { checkOptionsObject, checkPositiveInteger } from "../../validate.js";
import { ssoCallError, ssoClient } from "../../credentials/sso-role.js";
import { loginNeeded, ssoTokenOf, type SsoLogin } from "../../credentials/sso-token.js";
import { checkCallTimeout, listOf, pages, type PageOptions } from "../discovery/calls.js";

/** An account of an SSO sign-in, with the permission sets (role names) the user has in it. */
export interface SsoAccount {
  accountId: string;
  accountName?: string;
  emailAddress?: string;
  roles: string[];
}

/** Options of {@link listSsoAccounts}. */
export interface ListSsoAccountsOptions {
  /** ListAccountRoles calls in flight at once. Default 16. */
  concurrency?: number;
  /** Deadline of each request (each page), in ms; default 30000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What one listing cost, for tests and measurements. */
export interface SsoListing {
  accounts: SsoAccount[];
  login: SsoLogin;
  accountPages: number;
}

/** The implementation of `listSsoAccounts`; its documentation is on the export (src/lazy-api.ts). */
export async function listSsoAccounts(session: CredentialSession, options: ListSsoAccountsOptions = {}): Promise<SsoAccount[]> {
  const o = checkOptionsObject(options, "options", ["concurrency", "timeoutMs", "signal"]);
  const concurrency = o.concurrency === undefined ? 16 : checkPositiveInteger(o.concurrency, "concurrency");
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw invalidInput("signal", o.signal, "an AbortSignal");
  return (await listSsoAssignments(session, { concurrency, timeoutMs: checkCallTimeout(o.timeoutMs), signal: options.signal })).accounts;
}

/** The listing, with `wanted` roles: ListAccountRoles still runs for every account (it decides who has them). */
export async function listSsoAssignments(session: CredentialSession, options: { concurrency: number; timeoutMs: number; signal: AbortSignal | undefined }): Promise<SsoListing> {
  const tokens = ssoTokenOf(session);
  const login = await tokens.login();
  const { token } = await tokens.token();
  const { ListAccountsCommand, ListAccountRolesCommand } = await import("@aws-sdk/client-sso");
  const client = await ssoClient(session, login.region);
  // One signal for the listing's own calls: up to `concurrency` of them listen at once, more than
  // Node's default of 10 listeners, which would warn on the caller's signal.
  const listing = new AbortController();
  setMaxListeners(options.concurrency + 10, listing.signal);
  const onAbort = (): void => listing.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  const paging: PageOptions = { timeoutMs: options.timeoutMs, signal: listing.signal };
  const accounts = new Map<string, SsoAccount>();
  let accountPages = 0;
  try {
    for await (const page of pages("SSO ListAccounts", paging, async (next, signal) => {
      const out = await client.send(new ListAccountsCommand({ accessToken: token, ...(next !== undefined && { nextToken: next }) }), { abortSignal: signal });
      return { NextToken: out.nextToken, list: out.accountList };
    })) {
      accountPages++;
      for (const a of listOf(page.list, "SSO ListAccounts", "account")) {
        if (!a.accountId) continue;
        accounts.set(a.accountId, { accountId: a.accountId, ...(a.accountName && { accountName: a.accountName }), ...(a.emailAddress && { emailAddress: a.emailAddress }), roles: [] });
      }
    }
    const limit = pLimit(options.concurrency);
    await Promise.all([...accounts.values()].map((account) => limit(async () => {
      for await (const page of pages(`SSO ListAccountRoles ${account.accountId}`, paging, async (next, signal) => {
        const out = await client.send(new ListAccountRolesCommand({ accessToken: token, accountId: account.accountId, ...(next !== undefined && { nextToken: next }) }), { abortSignal: signal });
        return { NextToken: out.nextToken, list: out.roleList };
      })) {
        for (const r of page.list ?? []) if (r.roleName && !account.roles.includes(r.roleName)) account.roles.push(r.roleName);
      }
      account.roles.sort();
    })));
  } catch (error) {
    if (error instanceof FleetError) throw error;
    // Before any target: a token the portal refuses is the run's configuration, like an expired one.
    if (error instanceof Error && error.name === "UnauthorizedException") throw loginNeeded(login, error, "expired");
    throw ssoCallError("SSO account listing", login, error, { stage: "discover" });
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  return { accounts: [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)), login, accountPages };
}
