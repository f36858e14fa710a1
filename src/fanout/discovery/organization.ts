// Discovery: accounts of an organization and regions of an account. Clients come from
// `session.client(...)` so they share the session's credentials and pool (and can be mocked).
// The discovery clients are imported on first use: a script that never discovers never loads them.
import type { Account } from "@aws-sdk/client-organizations";
import { invalidInput } from "../../errors.js";
import { checkOptionsObject } from "../../validate.js";
import { checkCallTimeout, discoveryError, listOf, pages, type PageOptions } from "./calls.js";
import { checkAccountFilters } from "../accounts/filters.js";
import { narrowAccounts } from "../accounts/tags.js";
import { isParentId, PARENT_ID_EXPECTED } from "../accounts/ids.js";
import type { AccountTagFilter } from "../types.js";
import type { CredentialSession } from "../../session.js";
import { sdkRequire } from "../../sdk-require.js";
import type * as Organizations from "@aws-sdk/client-organizations";

export { listRegions, type ListRegionsOptions, type RegionInfo } from "./regions.js";

/** An account found by {@link listOrganizationAccounts}. */
export interface OrganizationAccount {
  accountId: string;
  name?: string;
  email?: string;
  arn?: string;
  /** The account's `State` (or the older `Status`): `ACTIVE`, `SUSPENDED`, … */
  status: string;
  /** Its tags, with `withTags` or `tags` (Organizations ListTagsForResource). */
  tags?: Record<string, string>;
}

/** Options of {@link listOrganizationAccounts}. */
export interface ListOrganizationAccountsOptions {
  /** OU or root ids; accounts under them and their nested OUs. Default: the whole organization. */
  ous?: readonly string[];
  /** Keep accounts in this state, or `"ALL"`. Default `"ACTIVE"`. */
  status?: string;
  /** Deadline of each request (each page), in ms; default 30000. A request past it fails with `ERR_TIMEOUT`. */
  timeoutMs?: number;
  /** Keep accounts whose tags match: every key; a list of values means any of them. Looks tags up (one call per account). */
  tags?: AccountTagFilter;
  /** Keep accounts whose name matches one of these globs (`*`, `?`). */
  names?: readonly string[];
  /** Return each account's `tags` (one ListTagsForResource per account kept by the other rules). */
  withTags?: boolean;
  signal?: AbortSignal;
}

const STATUS = /^(?:ALL|[A-Z_]{2,40})$/;

/** The implementation of `listOrganizationAccounts`; its documentation is on the export (src/lazy-api.ts). */
export async function listOrganizationAccounts(session: CredentialSession, options: ListOrganizationAccountsOptions = {}): Promise<OrganizationAccount[]> {
  const o = checkOptionsObject(options, "options", ["ous", "status", "timeoutMs", "tags", "names", "withTags", "signal"]);
  const filters = checkAccountFilters({ tags: o.tags, names: o.names }, "");
  if (o.withTags !== undefined && typeof o.withTags !== "boolean") throw invalidInput("withTags", o.withTags, "true or false");
  const ous = o.ous === undefined ? undefined : checkParentIds(o.ous);
  const status = o.status ?? "ACTIVE";
  if (typeof status !== "string" || !STATUS.test(status)) throw invalidInput("status", status, "an account state such as \"ACTIVE\", or \"ALL\"");
  const paging: PageOptions = { timeoutMs: checkCallTimeout(o.timeoutMs), signal: options.signal };
  const { OrganizationsClient, ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand } = sdkRequire("@aws-sdk/client-organizations") as typeof Organizations;
  const client = session.client(OrganizationsClient);
  const found = new Map<string, OrganizationAccount>();
  const add = (accounts: Account[]): void => {
    for (const a of accounts) {
      const state = a.State ?? a.Status ?? "UNKNOWN";
      if (a.Id === undefined || (status !== "ALL" && state !== status)) continue;
      found.set(a.Id, { accountId: a.Id, ...(a.Name !== undefined && { name: a.Name }), ...(a.Email !== undefined && { email: a.Email }), ...(a.Arn !== undefined && { arn: a.Arn }), status: state });
    }
  };
  try {
    if (ous === undefined) {
      const what = "Organizations ListAccounts";
      for await (const page of pages(what, paging, (NextToken, abortSignal) => client.send(new ListAccountsCommand({ NextToken }), { abortSignal }))) {
        add(listOf(page.Accounts, what, "Accounts"));
      }
    } else {
      // Depth-first over the OU tree; `seen` guards against an OU listed twice (or nested in another listed one).
      const pending = [...ous];
      const seen = new Set<string>();
      for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        const accounts = `Organizations ListAccountsForParent ${parent}`;
        for await (const page of pages(accounts, paging, (NextToken, abortSignal) => client.send(new ListAccountsForParentCommand({ ParentId: parent, NextToken }), { abortSignal }))) {
          add(listOf(page.Accounts, accounts, "Accounts"));
        }
        const children = `Organizations ListChildren ${parent}`;
        const input = { ParentId: parent, ChildType: "ORGANIZATIONAL_UNIT" as const };
        for await (const page of pages(children, paging, (NextToken, abortSignal) => client.send(new ListChildrenCommand({ ...input, NextToken }), { abortSignal }))) {
          for (const child of listOf(page.Children, children, "Children")) if (child.Id !== undefined) pending.push(child.Id);
        }
      }
    }
  } catch (error) {
    throw discoveryError(error, paging.signal, `Listing organization accounts${ous ? ` under ${ous.join(", ")}` : ""} failed`);
  }
  const sorted = [...found.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  return narrowAccounts(session, sorted, filters, o.withTags === true, paging.signal);
}

function checkParentIds(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput("ous", value, "a non-empty array of OU or root ids");
  return value.map((id: unknown, i) => {
    if (!isParentId(id)) throw invalidInput(`ous[${i}]`, id, PARENT_ID_EXPECTED);
    return id;
  });
}
