// Discovery: accounts of an organization and regions of an account. Clients come from
// `session.client(...)` so they share the session's credentials and pool (and can be mocked).
// The discovery clients are imported on first use: a script that never discovers never loads them.
import type { Account } from "@aws-sdk/client-organizations";
import type { RegionOptStatus } from "@aws-sdk/client-account";
import { FleetError, invalidInput } from "../errors.js";
import { checkOptionsObject } from "../validate.js";
import { checkAccountFilters } from "./account-filters.js";
import { narrowAccounts } from "./account-tags.js";
import { isParentId, PARENT_ID_EXPECTED } from "./ids.js";
import type { AccountTagFilter } from "./types.js";
import type { CredentialSession } from "../session.js";

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
  /** Keep accounts whose tags match: every key; a list of values means any of them. Looks tags up (one call per account). */
  tags?: AccountTagFilter;
  /** Keep accounts whose name matches one of these globs (`*`, `?`). */
  names?: readonly string[];
  /** Return each account's `tags` (one ListTagsForResource per account kept by the other rules). */
  withTags?: boolean;
  signal?: AbortSignal;
}

/** A region of an account and whether it can be used. */
export interface RegionInfo {
  region: string;
  optIn: "enabled" | "not-opted-in" | "opt-in-not-required";
}

/** Options of {@link listRegions}. */
export interface ListRegionsOptions {
  /** `"enabled"` (default): regions the account can use; `"all"`: every region with its opt-in state. */
  include?: "enabled" | "all";
  signal?: AbortSignal;
}

const STATUS = /^(?:ALL|[A-Z_]{2,40})$/;

/**
 * Accounts of the organization (sorted by id), through Organizations `ListAccounts`, or with
 * `ous` through `ListAccountsForParent` and `ListChildren`, recursively. Call it with the
 * management (or delegated administrator) account's session. `names` and `tags` narrow the
 * list (tags cost one ListTagsForResource per account; a failed one rejects with ERR_DISCOVERY);
 * `withTags: true` returns every kept account's tags.
 *
 * @example
 * ```ts
 * const accounts = await listOrganizationAccounts(base, { ous: ["ou-abcd-12345678"] });
 * console.log(accounts.map((a) => a.accountId));
 * const prod = await listOrganizationAccounts(base, { tags: { env: "prod" }, names: ["prod-*"], withTags: true });
 * console.log(prod.map((a) => `${a.name}: ${a.tags?.team}`));
 * ```
 */
export async function listOrganizationAccounts(session: CredentialSession, options: ListOrganizationAccountsOptions = {}): Promise<OrganizationAccount[]> {
  const o = checkOptionsObject(options, "options", ["ous", "status", "tags", "names", "withTags", "signal"]);
  const filters = checkAccountFilters({ tags: o.tags, names: o.names }, "");
  if (o.withTags !== undefined && typeof o.withTags !== "boolean") throw invalidInput("withTags", o.withTags, "true or false");
  const ous = o.ous === undefined ? undefined : checkParentIds(o.ous);
  const status = o.status ?? "ACTIVE";
  if (typeof status !== "string" || !STATUS.test(status)) throw invalidInput("status", status, "an account state such as \"ACTIVE\", or \"ALL\"");
  const signal = options.signal;
  const { OrganizationsClient, paginateListAccounts, paginateListAccountsForParent, paginateListChildren } = await import("@aws-sdk/client-organizations");
  const client = session.client(OrganizationsClient);
  const found = new Map<string, OrganizationAccount>();
  const add = (accounts: Account[] | undefined): void => {
    for (const a of accounts ?? []) {
      const state = a.State ?? a.Status ?? "UNKNOWN";
      if (a.Id === undefined || (status !== "ALL" && state !== status)) continue;
      found.set(a.Id, { accountId: a.Id, ...(a.Name !== undefined && { name: a.Name }), ...(a.Email !== undefined && { email: a.Email }), ...(a.Arn !== undefined && { arn: a.Arn }), status: state });
    }
  };
  try {
    if (ous === undefined) {
      for await (const page of paginateListAccounts({ client }, {}, { abortSignal: signal })) add(page.Accounts);
    } else {
      // Depth-first over the OU tree; `seen` guards against an OU listed twice (or nested in another listed one).
      const pending = [...ous];
      const seen = new Set<string>();
      for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent }, { abortSignal: signal })) add(page.Accounts);
        for await (const page of paginateListChildren({ client }, { ParentId: parent, ChildType: "ORGANIZATIONAL_UNIT" }, { abortSignal: signal })) {
          for (const child of page.Children ?? []) if (child.Id !== undefined) pending.push(child.Id);
        }
      }
    }
  } catch (error) {
    throw discoveryError(error, signal, `Listing organization accounts${ous ? ` under ${ous.join(", ")}` : ""} failed`);
  }
  const sorted = [...found.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  return narrowAccounts(session, sorted, filters, o.withTags === true, signal);
}

/**
 * Regions of the session's account, sorted: Account `ListRegions`, or EC2 `DescribeRegions`
 * when the Account API is refused (EC2 is loaded only then).
 *
 * @example
 * ```ts
 * const regions = await listRegions(session, { include: "enabled" });
 * console.log(regions.map((r) => r.region));
 * ```
 */
export async function listRegions(session: CredentialSession, options: ListRegionsOptions = {}): Promise<RegionInfo[]> {
  const o = checkOptionsObject(options, "options", ["include", "signal"]);
  const include = o.include ?? "enabled";
  if (include !== "enabled" && include !== "all") throw invalidInput("include", include, "\"enabled\" or \"all\"");
  const signal = options.signal;
  let regions: RegionInfo[];
  try {
    regions = await regionsFromAccount(session, include, signal);
  } catch (accountError) {
    if (signal?.aborted) throw discoveryError(accountError, signal, "Listing regions failed");
    try {
      regions = await regionsFromEc2(session, include, signal);
    } catch (ec2Error) {
      throw discoveryError(ec2Error, signal, `Listing regions failed: Account ListRegions said ${describeError(accountError)}, EC2 DescribeRegions said`);
    }
  }
  return regions.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

async function regionsFromAccount(session: CredentialSession, include: "enabled" | "all", signal: AbortSignal | undefined): Promise<RegionInfo[]> {
  const { AccountClient, paginateListRegions } = await import("@aws-sdk/client-account");
  const client = session.client(AccountClient);
  const input = include === "enabled" ? { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] as RegionOptStatus[] } : {};
  const regions: RegionInfo[] = [];
  for await (const page of paginateListRegions({ client }, input, { abortSignal: signal })) {
    for (const r of page.Regions ?? []) {
      if (r.RegionName === undefined) continue;
      const optIn = r.RegionOptStatus === "ENABLED_BY_DEFAULT" ? "opt-in-not-required" : r.RegionOptStatus === "ENABLED" || r.RegionOptStatus === "DISABLING" ? "enabled" : "not-opted-in";
      if (include === "all" || optIn !== "not-opted-in") regions.push({ region: r.RegionName, optIn });
    }
  }
  return regions;
}

async function regionsFromEc2(session: CredentialSession, include: "enabled" | "all", signal: AbortSignal | undefined): Promise<RegionInfo[]> {
  // Loaded lazily: client-ec2 is large and only needed when the Account API is refused.
  const { EC2Client, DescribeRegionsCommand } = await import("@aws-sdk/client-ec2");
  const out = await session.client(EC2Client).send(new DescribeRegionsCommand({ AllRegions: include === "all" }), { abortSignal: signal });
  const regions: RegionInfo[] = [];
  for (const r of out.Regions ?? []) {
    if (r.RegionName === undefined) continue;
    const optIn = r.OptInStatus === "opted-in" ? "enabled" : r.OptInStatus === "not-opted-in" ? "not-opted-in" : "opt-in-not-required";
    if (include === "all" || optIn !== "not-opted-in") regions.push({ region: r.RegionName, optIn });
  }
  return regions;
}

function checkParentIds(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput("ous", value, "a non-empty array of OU or root ids");
  return value.map((id: unknown, i) => {
    if (!isParentId(id)) throw invalidInput(`ous[${i}]`, id, PARENT_ID_EXPECTED);
    return id;
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** ERR_DISCOVERY with the cause, or the abort reason when the caller's signal ended the call. */
function discoveryError(error: unknown, signal: AbortSignal | undefined, message: string): FleetError {
  if (signal?.aborted) {
    return signal.reason instanceof FleetError ? signal.reason : new FleetError("ERR_CANCELLED", `${message}: cancelled.`, { cause: signal.reason, stage: "cancelled" });
  }
  return new FleetError("ERR_DISCOVERY", `${message}: ${describeError(error)}`, { cause: error, stage: "discover" });
}
