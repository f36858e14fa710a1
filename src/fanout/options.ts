// Validates fan-out options once, before any request, into a plan. Every problem is an
// ERR_INVALID_INPUT naming the option, so a typo in the 40th region of an org-wide run fails
// in milliseconds rather than after the first 10,000 targets.
import { FleetError, invalidInput } from "../errors.js";
import { partitionOf, regionsOfPartition } from "../partitions.js";
import {
  checkAccountId, checkDurationSeconds, checkMfaSerial, checkExternalId, checkOptionsObject, checkPositiveInteger,
  checkRegion, checkRoleName, checkSessionName, parseRoleArn,
} from "../validate.js";
import { isParentId, PARENT_ID_EXPECTED } from "./ids.js";
import type { CredentialSession } from "../session.js";
import type { FanOutOptions, FanOutProgress, FanOutTask, ShardOption } from "./types.js";

/** A role as given: a name (for every account) or an ARN (for the account it names). */
export type RoleSpec = { name: string } | { arn: string; accountId: string };

/** Where the accounts come from: the caller, a list, or organization discovery. */
export type AccountsPlan =
  | { kind: "self" }
  | { kind: "list"; ids: readonly string[] }
  | { kind: "organization"; ous: readonly string[] | undefined; exclude: ReadonlySet<string>; includeSelf: boolean };

/** Regions of every unit (`"all"` and omitted are resolved to lists), or per account. */
export type RegionsPlan = { kind: "list"; regions: readonly string[] } | { kind: "enabled" };

/** Validated, normalised options. */
export interface FanOutPlan {
  session: CredentialSession;
  accounts: AccountsPlan;
  roles: readonly RoleSpec[];
  regions: RegionsPlan;
  /** The region whose partition role names are made into ARNs in. */
  partitionRegion: string | undefined;
  /** The session's region: where discovery calls go and the region of records without one. */
  homeRegion: string | undefined;
  concurrency: number;
  perAccountConcurrency: number | undefined;
  perRegionConcurrency: number | undefined;
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  assume: { sessionName?: string; externalId?: string; durationSeconds?: number; serialNumber?: string; tokenCode?: () => Promise<string> };
  shard: ShardOption | undefined;
  onProgress: ((progress: FanOutProgress) => void) | undefined;
}

/** `concurrency` when not given. */
export const DEFAULT_CONCURRENCY = 16;
const MAX_TIMER_MS = 2_147_483_647;
const OPTION_KEYS = [
  "session", "accounts", "roles", "regions", "concurrency", "perAccountConcurrency", "perRegionConcurrency",
  "timeoutMs", "signal", "sessionName", "externalId", "durationSeconds", "serialNumber", "tokenCode", "shard", "onProgress",
] as const;
const ORGANIZATION_KEYS = ["ous", "exclude", "includeSelf"] as const;
const SESSION_METHODS = ["client", "withRegion", "assumeRole", "getCredentials", "identity", "close"] as const;

/** Validates `options` and `task`; throws FleetError ERR_INVALID_INPUT (or ERR_NO_REGION) on the first problem. */
export function planFanOut(options: FanOutOptions, task: FanOutTask<unknown>): FanOutPlan {
  const o = checkOptionsObject(options, "options", OPTION_KEYS);
  if (typeof task !== "function") throw invalidInput("task", task, "a function ({ session, accountId, region, roleArn, signal }) => value");
  const session = checkSession(o.session);
  const homeRegion = session.region;
  const regionsValue = o.regions;
  const listed = Array.isArray(regionsValue) ? checkList(regionsValue, "regions", checkRegion) : undefined;
  const partitionRegion = homeRegion ?? listed?.[0];
  const partition = partitionRegion === undefined ? "aws" : partitionOf(partitionRegion);
  const regions = planRegions(regionsValue, listed, partition, homeRegion);
  const roles = planRoles(o.roles, partition);
  const accounts = planAccounts(o.accounts, roles);
  return {
    session, accounts, roles, regions, partitionRegion, homeRegion,
    concurrency: o.concurrency === undefined ? DEFAULT_CONCURRENCY : checkPositiveInteger(o.concurrency, "concurrency"),
    perAccountConcurrency: optional(o.perAccountConcurrency, (v) => checkPositiveInteger(v, "perAccountConcurrency")),
    perRegionConcurrency: optional(o.perRegionConcurrency, (v) => checkPositiveInteger(v, "perRegionConcurrency")),
    timeoutMs: optional(o.timeoutMs, (v) => checkPositiveInteger(v, "timeoutMs", MAX_TIMER_MS)),
    signal: optional(o.signal, checkSignal),
    assume: {
      ...(o.sessionName !== undefined && { sessionName: checkSessionName(o.sessionName) }),
      ...(o.externalId !== undefined && { externalId: checkExternalId(o.externalId) }),
      ...(o.durationSeconds !== undefined && { durationSeconds: checkDurationSeconds(o.durationSeconds) }),
      ...checkMfa(o.serialNumber, o.tokenCode),
    },
    shard: optional(o.shard, checkShard),
    onProgress: optional(o.onProgress, (v) => {
      if (typeof v !== "function") throw invalidInput("onProgress", v, "a function ({ done, total, succeeded, failed }) => void");
      return v as (progress: FanOutProgress) => void;
    }),
  };
}

function optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

function checkMfa(serialNumber: unknown, tokenCode: unknown): { serialNumber?: string; tokenCode?: () => Promise<string> } {
  if (serialNumber === undefined && tokenCode === undefined) return {};
  if (serialNumber === undefined) throw invalidInput("tokenCode", "(a function)", "to be given together with serialNumber");
  if (tokenCode !== undefined && typeof tokenCode !== "function") throw invalidInput("tokenCode", typeof tokenCode, "an async function returning the current MFA code");
  return { serialNumber: checkMfaSerial(serialNumber), ...(tokenCode !== undefined && { tokenCode: tokenCode as () => Promise<string> }) };
}

function checkSession(value: unknown): CredentialSession {
  const ok = value !== null && typeof value === "object" &&
    SESSION_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === "function");
  if (!ok) throw invalidInput("session", value, "a CredentialSession");
  return value as CredentialSession;
}

function checkSignal(value: unknown): AbortSignal {
  if (!(value instanceof AbortSignal)) throw invalidInput("signal", value, "an AbortSignal");
  return value;
}

function checkShard(value: unknown): ShardOption {
  const shard = checkOptionsObject(value, "shard", ["index", "count"]);
  const count = checkPositiveInteger(shard.count, "shard.count");
  const index = shard.index;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
    throw invalidInput("shard.index", index, `a whole number from 0 to ${count - 1} (shard.count is ${count})`);
  }
  return { index, count };
}

/** A non-empty array without duplicates, each element checked as `option[i]`. */
function checkList<T>(value: unknown, option: string, check: (item: unknown, option: string) => T): T[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput(option, value, "a non-empty array");
  const seen = new Set<T>();
  return value.map((item: unknown, i) => {
    const checked = check(item, `${option}[${i}]`);
    if (seen.has(checked)) throw invalidInput(`${option}[${i}]`, item, "no duplicates");
    seen.add(checked);
    return checked;
  });
}

function planRegions(value: unknown, listed: string[] | undefined, partition: string, home: string | undefined): RegionsPlan {
  if (listed !== undefined) {
    listed.forEach((region, i) => {
      if (partitionOf(region) !== partition) {
        throw invalidInput(`regions[${i}]`, region, `a region of partition "${partition}" (the session's region and all regions must share one partition)`);
      }
    });
    return { kind: "list", regions: listed };
  }
  if (value === "all") return { kind: "list", regions: regionsOfPartition(partition) };
  if (value === "enabled" || value === undefined) {
    if (home === undefined) {
      throw new FleetError("ERR_NO_REGION", `regions ${value === undefined ? "omitted" : "\"enabled\""} needs a session with a region; give the session a region or list regions.`, { option: "regions" });
    }
    return value === undefined ? { kind: "list", regions: [home] } : { kind: "enabled" };
  }
  throw invalidInput("regions", value, "an array of region names, \"enabled\" or \"all\"");
}

function planRoles(value: unknown, partition: string): RoleSpec[] {
  if (value === undefined) return [];
  const checkRole = (item: unknown, option: string): string => {
    if (typeof item === "string" && item.startsWith("arn:")) {
      const parsed = parseRoleArn(item, option);
      if (parsed.partition !== partition) throw invalidInput(option, item, `a role ARN in partition "${partition}", the regions' partition`);
      return parsed.arn;
    }
    return checkRoleName(item, option);
  };
  const list = typeof value === "string" ? [checkRole(value, "roles")] : checkList(value, "roles", checkRole);
  return list.map((role) => (role.startsWith("arn:") ? { arn: role, accountId: parseRoleArn(role).accountId } : { name: role }));
}

function planAccounts(value: unknown, roles: readonly RoleSpec[]): AccountsPlan {
  if (value === undefined) {
    if (roles.length === 0) return { kind: "self" };
    const named = roles.find((r) => "name" in r);
    if (named) throw invalidInput("roles", "name" in named ? named.name : "", "role ARNs when accounts is omitted (a role name needs accounts: a list or \"organization\")");
    return { kind: "list", ids: [...new Set(roles.map((r) => ("accountId" in r ? r.accountId : "")))] };
  }
  if (roles.length === 0) throw invalidInput("roles", undefined, "role names or ARNs: roles is required whenever accounts is given");
  if (value === "organization") return planOrganization({}, roles);
  if (Array.isArray(value)) {
    const ids = checkList(value, "accounts", checkAccountId);
    roles.forEach((role, i) => {
      if ("arn" in role && !ids.includes(role.accountId)) {
        throw invalidInput(`roles[${i}]`, role.arn, "a role ARN in one of the listed accounts (a role name applies to every account)");
      }
    });
    return { kind: "list", ids };
  }
  if (value !== null && typeof value === "object" && "organization" in value) {
    checkOptionsObject(value, "accounts", ["organization"]);
    return planOrganization((value as { organization: unknown }).organization, roles);
  }
  throw invalidInput("accounts", value, "an array of account ids, \"organization\" or { organization: { ous, exclude, includeSelf } }");
}

function planOrganization(value: unknown, roles: readonly RoleSpec[]): AccountsPlan {
  const arn = roles.find((r) => "arn" in r);
  if (arn && "arn" in arn) throw invalidInput("roles", arn.arn, "role names with organization discovery (an ARN names one account)");
  const org = checkOptionsObject(value, "accounts.organization", ORGANIZATION_KEYS);
  const ous = optional(org.ous, (v) => checkList(v, "accounts.organization.ous", (item, option) => {
    if (!isParentId(item)) throw invalidInput(option, item, PARENT_ID_EXPECTED);
    return item;
  }));
  const exclude = optional(org.exclude, (v) => checkList(v, "accounts.organization.exclude", checkAccountId)) ?? [];
  const includeSelf = optional(org.includeSelf, (v) => {
    if (typeof v !== "boolean") throw invalidInput("accounts.organization.includeSelf", v, "true or false");
    return v;
  }) ?? false;
  return { kind: "organization", ous, exclude: new Set(exclude), includeSelf };
}
