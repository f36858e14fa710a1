// The `accounts` option → where a run's accounts come from and the rules that narrow them.
// Validated once, before any request: a bad id, glob, tag or per-account role is an
// ERR_INVALID_INPUT naming the option (`accounts[3].role`, `accounts.organization.tags.env`).
import { invalidInput } from "../../errors.js";
import { partitionOf } from "../../partitions.js";
import { checkAccountId, checkExternalId, checkOptionsObject, checkRegion, checkRoleName, parseRoleArn } from "../../validate.js";
import { checkAccountFilters, type AccountFilters } from "./filters.js";
import { isParentId, PARENT_ID_EXPECTED } from "./ids.js";
import type { AccountSelection } from "../types.js";

/** A role as given: a name (for every account) or an ARN (for the account it names). */
export type RoleSpec = { name: string } | { arn: string; accountId: string };

/** One account of a run, before it is expanded into (account, role) units. */
export interface AccountTarget {
  accountId: string;
  name?: string;
  /** `"base"`: the caller's own credentials, no role. A list: these roles instead of the run's. */
  roles?: readonly RoleSpec[] | "base";
  /** Regions instead of the run's. */
  regions?: readonly string[];
  /** Credentials from the IAM Identity Center portal (GetRoleCredentials), `roles` naming permission sets. */
  sso?: true;
  externalId?: string;
  tags?: Readonly<Record<string, string>>;
}

/** Where the accounts come from: the caller, a list (narrowed by filters), or organization discovery. */
export type AccountsPlan =
  | { kind: "self" }
  | { kind: "list"; accounts: readonly AccountTarget[]; filters: AccountFilters }
  | {
    kind: "organization";
    ous: readonly string[] | undefined;
    filters: AccountFilters;
    /** false: leave the own account out; "base": run it with the caller's credentials; a role: assume it. */
    includeSelf: false | "base" | RoleSpec;
  }
  | {
    kind: "sso";
    filters: AccountFilters;
    /** Permission sets wanted (set by the fan-out plan); undefined: any the account has. */
    roles?: readonly string[];
    /** Only these account ids (an accounts file), when given. */
    only?: ReadonlySet<string>;
  };

const ENTRY_KEYS = ["accountId", "name", "role", "regions", "externalId", "tags", "vars"];
const LIST_KEYS = ["list", "tags", "names", "exclude"];
const ORGANIZATION_KEYS = ["ous", "exclude", "includeSelf", "tags", "names"];
const EXPECTED = "an array of account ids or entries, \"organization\", { organization: { ous, exclude, includeSelf, tags, names } }, { list, tags, names, exclude }, \"sso\" or { sso: { names, exclude, list } }";
const SSO_KEYS = ["names", "exclude", "list", "tags"];

// IAM Identity Center lists accounts by id, name and email only: there are no tags to match, and
// a tag rule that silently kept nothing would look like an empty fleet.
function planSso(value: unknown, partition: string): AccountsPlan & { kind: "sso" } {
  const o = checkOptionsObject(value, "accounts.sso", SSO_KEYS);
  if (o.tags !== undefined) throw invalidInput("accounts.sso.tags", "(a tag rule)", "no tag rule: IAM Identity Center accounts have no tags (the portal lists ids, names and emails); use names or exclude, or accounts \"organization\" with tags");
  const only = o.list === undefined ? undefined : new Set(planList(Array.isArray(o.list) ? o.list : [o.list], "accounts.sso.list", partition).map((t) => t.accountId));
  return { kind: "sso", filters: checkAccountFilters({ names: o.names, exclude: o.exclude }, "accounts.sso"), ...(only && { only }) };
}

/** Validates `accounts` (given); `partition` is the run's. Roles are checked by the caller. */
export function planAccountSource(value: unknown, partition: string): Exclude<AccountsPlan, { kind: "self" }> {
  if (value === "organization") return planOrganization({}, partition);
  if (value === "sso") return { kind: "sso", filters: checkAccountFilters({}, "accounts") };
  if (value !== null && typeof value === "object" && "sso" in value) {
    checkOptionsObject(value, "accounts", ["sso"]);
    return planSso((value as { sso: unknown }).sso, partition);
  }
  if (Array.isArray(value)) return { kind: "list", accounts: planList(value, "accounts", partition), filters: checkAccountFilters({}, "accounts") };
  if (value !== null && typeof value === "object" && "organization" in value) {
    checkOptionsObject(value, "accounts", ["organization"]);
    return planOrganization((value as { organization: unknown }).organization, partition);
  }
  if (value !== null && typeof value === "object" && "list" in value) {
    const o = checkOptionsObject(value, "accounts", LIST_KEYS);
    if (!Array.isArray(o.list)) throw invalidInput("accounts.list", o.list, "an array of account ids or entries");
    return { kind: "list", accounts: planList(o.list, "accounts.list", partition), filters: checkAccountFilters(o, "accounts") };
  }
  throw invalidInput("accounts", value, EXPECTED);
}

function planOrganization(value: unknown, partition: string): AccountsPlan & { kind: "organization" } {
  const org = checkOptionsObject(value, "accounts.organization", ORGANIZATION_KEYS);
  let ous: string[] | undefined;
  if (org.ous !== undefined) {
    if (!Array.isArray(org.ous) || org.ous.length === 0) throw invalidInput("accounts.organization.ous", org.ous, "a non-empty array");
    ous = org.ous.map((item: unknown, i) => {
      if (!isParentId(item)) throw invalidInput(`accounts.organization.ous[${i}]`, item, PARENT_ID_EXPECTED);
      return item;
    });
    if (new Set(ous).size !== ous.length) throw invalidInput("accounts.organization.ous", org.ous, "no duplicates");
  }
  return { kind: "organization", ous, filters: checkAccountFilters(org, "accounts.organization"), includeSelf: planIncludeSelf(org.includeSelf, partition) };
}

function planIncludeSelf(value: unknown, partition: string): false | "base" | RoleSpec {
  if (value === undefined || value === false) return false;
  if (value === true) return "base";
  const expected = "true, false or { role: NAME | ARN }";
  if (value === null || typeof value !== "object") throw invalidInput("accounts.organization.includeSelf", value, expected);
  const o = checkOptionsObject(value, "accounts.organization.includeSelf", ["role"]);
  return roleSpec(o.role, "accounts.organization.includeSelf.role", partition, undefined);
}

function planList(items: readonly unknown[], option: string, partition: string): AccountTarget[] {
  if (items.length === 0) throw invalidInput(option, items, "a non-empty array");
  const seen = new Set<string>();
  return items.map((item, i) => {
    const target = typeof item === "string" ? { accountId: checkAccountId(item, `${option}[${i}]`) } : planEntry(item, `${option}[${i}]`, partition);
    if (seen.has(target.accountId)) throw invalidInput(`${option}[${i}]`, target.accountId, "no duplicates");
    seen.add(target.accountId);
    return target;
  });
}

function planEntry(value: unknown, option: string, partition: string): AccountTarget {
  const e = checkOptionsObject(value, option, ENTRY_KEYS);
  const accountId = checkAccountId(e.accountId, `${option}.accountId`);
  const target: AccountTarget = { accountId };
  if (e.name !== undefined) {
    if (typeof e.name !== "string") throw invalidInput(`${option}.name`, e.name, "a string");
    target.name = e.name;
  }
  if (e.role !== undefined) target.roles = [roleSpec(e.role, `${option}.role`, partition, accountId)];
  if (e.regions !== undefined) {
    if (!Array.isArray(e.regions) || e.regions.length === 0) throw invalidInput(`${option}.regions`, e.regions, "a non-empty array of region names");
    target.regions = [...new Set(e.regions.map((r: unknown, i) => {
      const region = checkRegion(r, `${option}.regions[${i}]`);
      if (partitionOf(region) !== partition) throw invalidInput(`${option}.regions[${i}]`, region, `a region of partition "${partition}", the run's`);
      return region;
    }))];
  }
  if (e.externalId !== undefined) target.externalId = checkExternalId(e.externalId, `${option}.externalId`);
  if (e.tags !== undefined) {
    const tags = checkOptionsObject(e.tags, `${option}.tags`, Object.keys(e.tags as object));
    for (const [key, v] of Object.entries(tags)) if (typeof v !== "string") throw invalidInput(`${option}.tags.${key}`, v, "a string");
    target.tags = tags as Record<string, string>;
  }
  return target;
}

/** A role name, or an ARN in the run's partition (and in `accountId`, when given). */
function roleSpec(value: unknown, option: string, partition: string, accountId: string | undefined): RoleSpec {
  if (typeof value === "string" && value.startsWith("arn:")) {
    const parsed = parseRoleArn(value, option);
    if (parsed.partition !== partition) throw invalidInput(option, value, `a role ARN in partition "${partition}", the regions' partition`);
    if (accountId !== undefined && parsed.accountId !== accountId) throw invalidInput(option, value, `a role ARN in account ${accountId}, or a role name`);
    return { arn: parsed.arn, accountId: parsed.accountId };
  }
  return { name: checkRoleName(value, option) };
}

/** The accounts of a run, and the selection it reports through `onAccounts`. */
export interface ChosenAccounts {
  selection: AccountSelection;
  targets: AccountTarget[];
}

/** How discovery runs: tag lookups at once, the run's signal, and each request's deadline. */
export interface ChooseOptions {
  concurrency: number;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}
