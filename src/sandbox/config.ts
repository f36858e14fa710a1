// Options → the organisation served, validated once before the server listens, so that a
// typo in a region or an account id fails at start-up instead of as a puzzling AWS error.
import { invalidInput } from "../errors.js";
import { partitionOf } from "../partitions.js";
import { checkAccountId, checkRegion, checkRoleName, checkExternalId, checkMfaSerial, checkOptionsObject, checkTag } from "../validate.js";
import { demoOrganization } from "./demo.js";
import type { SandboxAccount, SandboxOptions, SandboxOrganization, SandboxOu, SandboxRole } from "./types.js";

const OPTION_KEYS = ["port", "managementAccountId", "accounts", "ous", "regions", "roles", "optionGroups", "latencyMs", "faults", "discoveryFaults", "credentialSeconds", "clockSkewSeconds", "checkSignatures", "sso"];
const OU_ID = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/** One account as the server sees it (management included). */
export interface AccountInfo {
  id: string;
  name: string;
  email: string;
  parentId: string;
  status: "ACTIVE" | "SUSPENDED";
  management: boolean;
  /** Every region this account may call: the default-enabled ones plus its enabled opt-in ones. */
  regions: Set<string>;
  tags: Record<string, string>;
}

/** The validated organisation plus lookup tables. */
export interface ResolvedOrganization {
  org: SandboxOrganization;
  partition: string;
  accounts: Map<string, AccountInfo>;
  /** Root and OU ids. */
  parents: Set<string>;
  optionGroupCount(accountId: string, region: string): number;
}

/** Validates the organisation part of the options and builds the lookup tables. */
export function resolveOrganization(options: SandboxOptions): ResolvedOrganization {
  checkOptionsObject(options, "sandbox options", OPTION_KEYS);
  const demo = demoOrganization();
  const custom = options.accounts !== undefined;
  const managementAccountId = checkAccountId(options.managementAccountId ?? demo.managementAccountId, "managementAccountId");
  const regions = resolveRegions(options.regions ?? demo.regions);
  const rootId = demo.rootId;
  const ous = (options.ous ?? (custom ? [] : demo.ous)).map((ou, i) => checkOu(ou, `ous[${i}]`, rootId));
  const parents = new Set([rootId, ...ous.map((ou) => ou.id)]);
  for (const [i, ou] of ous.entries()) {
    if (!parents.has(ou.parentId ?? rootId) || ou.parentId === ou.id) throw invalidInput(`ous[${i}].parentId`, ou.parentId, "the root id or another OU's id");
  }
  const members = (options.accounts ?? demo.accounts).map((a, i) => checkAccount(a, `accounts[${i}]`, parents, rootId, regions.optIn));
  const accounts = new Map<string, AccountInfo>();
  const enabled = new Set(regions.enabled);
  accounts.set(managementAccountId, {
    id: managementAccountId, name: demo.managementAccountName, email: `${demo.managementAccountName}@example.com`,
    parentId: rootId, status: "ACTIVE", management: true, regions: enabled, tags: {},
  });
  for (const [i, a] of members.entries()) {
    if (accounts.has(a.id)) throw invalidInput(`accounts[${i}].id`, a.id, "an account id not used twice (nor the management account's)");
    const name = a.name ?? `account-${a.id}`;
    accounts.set(a.id, {
      id: a.id, name, email: a.email ?? `${name}@example.com`, parentId: a.parentId ?? rootId,
      status: a.status ?? "ACTIVE", management: false, regions: new Set([...enabled, ...(a.enabledRegions ?? [])]), tags: { ...a.tags },
    });
  }
  const roles = (options.roles ?? (custom ? defaultRoles(members) : demo.roles)).map((r, i) => checkRole(r, `roles[${i}]`, accounts));
  const optionGroups = options.optionGroups ?? (custom ? hashedOptionGroups : demo.optionGroups);
  // The demo's table names demo regions; with other regions configured its extra entries just go unused.
  const optionGroupCount = options.optionGroups === undefined ? tableCounts(optionGroups) : checkOptionGroups(optionGroups, accounts, new Set([...regions.enabled, ...regions.optIn]));
  const org: SandboxOrganization = {
    managementAccountId, managementAccountName: demo.managementAccountName,
    organizationId: `o-sf${managementAccountId.slice(-8)}`, rootId, accounts: members, ous, regions, roles, optionGroups,
  };
  return { org, partition: partitionOf(regions.enabled[0] as string), accounts, parents, optionGroupCount };
}

/** Option groups when custom accounts give no table: 0-4 per (account, region), from a hash. */
export function hashedOptionGroups(accountId: string, region: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${accountId}/${region}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0) % 5;
}

function defaultRoles(members: SandboxAccount[]): SandboxRole[] {
  return members.map((a) => ({ accountId: a.id, roleName: "OrganizationAccountAccessRole" }));
}

function resolveRegions(value: unknown): { enabled: string[]; optIn: string[] } {
  const r = checkOptionsObject(value, "regions", ["enabled", "optIn"]);
  if (!Array.isArray(r.enabled) || r.enabled.length === 0) throw invalidInput("regions.enabled", r.enabled, "a non-empty array of region names");
  const enabled = r.enabled.map((x, i) => checkRegion(x, `regions.enabled[${i}]`));
  const optInRaw = r.optIn ?? [];
  if (!Array.isArray(optInRaw)) throw invalidInput("regions.optIn", optInRaw, "an array of region names");
  const optIn = optInRaw.map((x, i) => checkRegion(x, `regions.optIn[${i}]`));
  const partition = partitionOf(enabled[0] as string);
  for (const [i, region] of [...enabled, ...optIn].entries()) {
    if (partitionOf(region) !== partition) throw invalidInput(`regions[${i}]`, region, `a region of the partition ${partition}, like the first`);
    if ([...enabled, ...optIn].indexOf(region) !== i) throw invalidInput("regions", region, "each region listed once");
  }
  return { enabled, optIn };
}

function checkOu(value: unknown, option: string, rootId: string): SandboxOu {
  const ou = checkOptionsObject(value, option, ["id", "name", "parentId"]) as unknown as SandboxOu;
  if (typeof ou.id !== "string" || !OU_ID.test(ou.id)) throw invalidInput(`${option}.id`, ou.id, "an OU id like \"ou-ab12-cd34ef56\"");
  if (typeof ou.name !== "string" || ou.name.length === 0) throw invalidInput(`${option}.name`, ou.name, "a non-empty string");
  if (ou.parentId !== undefined && !OU_ID.test(ou.parentId) && !ROOT_ID.test(ou.parentId)) throw invalidInput(`${option}.parentId`, ou.parentId, "an OU id or the root id");
  return { id: ou.id, name: ou.name, parentId: ou.parentId ?? rootId };
}

function checkAccount(value: unknown, option: string, parents: Set<string>, rootId: string, optIn: string[]): SandboxAccount {
  const a = checkOptionsObject(value, option, ["id", "name", "email", "parentId", "status", "enabledRegions", "tags"]) as unknown as SandboxAccount;
  if (a.tags !== undefined) {
    const tags = checkOptionsObject(a.tags, `${option}.tags`, Object.keys(a.tags));
    for (const [key, v] of Object.entries(tags)) checkTag(key, v, `${option}.tags`);
  }
  checkAccountId(a.id, `${option}.id`);
  if (a.parentId !== undefined && !parents.has(a.parentId)) throw invalidInput(`${option}.parentId`, a.parentId, `the root id ${quoteList([...parents])}`);
  if (a.status !== undefined && a.status !== "ACTIVE" && a.status !== "SUSPENDED") throw invalidInput(`${option}.status`, a.status, "\"ACTIVE\" or \"SUSPENDED\"");
  for (const [i, region] of (a.enabledRegions ?? []).entries()) {
    checkRegion(region, `${option}.enabledRegions[${i}]`);
    if (!optIn.includes(region)) throw invalidInput(`${option}.enabledRegions[${i}]`, region, `one of the opt-in regions ${quoteList(optIn)}`);
  }
  return { ...a, parentId: a.parentId ?? rootId };
}

function checkRole(value: unknown, option: string, accounts: Map<string, AccountInfo>): SandboxRole {
  const r = checkOptionsObject(value, option, ["accountId", "roleName", "externalId", "mfaSerial", "mfaCode", "trustedAccounts"]) as unknown as SandboxRole;
  if (!accounts.has(checkAccountId(r.accountId, `${option}.accountId`))) throw invalidInput(`${option}.accountId`, r.accountId, "an account of the sandbox organisation");
  checkRoleName(r.roleName, `${option}.roleName`);
  if (r.externalId !== undefined) checkExternalId(r.externalId, `${option}.externalId`);
  if ((r.mfaSerial === undefined) !== (r.mfaCode === undefined)) throw invalidInput(`${option}.mfaCode`, r.mfaCode, "mfaSerial and mfaCode given together");
  if (r.mfaSerial !== undefined) checkMfaSerial(r.mfaSerial, `${option}.mfaSerial`);
  for (const [i, id] of (r.trustedAccounts ?? []).entries()) checkAccountId(id, `${option}.trustedAccounts[${i}]`);
  return { ...r };
}

function checkOptionGroups(value: unknown, accounts: Map<string, AccountInfo>, regions: Set<string>): (a: string, r: string) => number {
  if (typeof value === "function") {
    const fn = value as (a: string, r: string) => number;
    return (a, r) => {
      const n = fn(a, r);
      return Number.isInteger(n) && n > 0 ? n : 0;
    };
  }
  const table = checkOptionsObject(value, "optionGroups", [...accounts.keys()]);
  for (const [accountId, byRegion] of Object.entries(table)) {
    const counts = checkOptionsObject(byRegion, `optionGroups.${accountId}`, [...regions]);
    for (const [region, n] of Object.entries(counts)) {
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw invalidInput(`optionGroups.${accountId}.${region}`, n, "a whole number ≥ 0");
    }
  }
  return tableCounts(table as Record<string, Record<string, number>>);
}

function tableCounts(value: unknown): (a: string, r: string) => number {
  if (typeof value === "function") return value as (a: string, r: string) => number;
  const counts = value as Record<string, Record<string, number>>;
  return (a, r) => counts[a]?.[r] ?? 0;
}

function quoteList(items: string[]): string {
  return items.map((x) => JSON.stringify(x)).join(", ");
}
