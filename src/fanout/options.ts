// Validates fan-out options once, before any request, into a plan. Every problem is an
// ERR_INVALID_INPUT naming the option, so a typo in the 40th region of an org-wide run fails
// in milliseconds rather than after the first 10,000 targets.
import { describeValue, FleetError, invalidInput } from "../errors.js";
import { checkAccountFilters } from "./accounts/filters.js";
import { partitionOf, regionsOfPartition } from "../partitions.js";
import {
  checkDurationSeconds, checkExternalId, checkMfaSerial, checkOptionsObject, checkPositiveInteger,
  checkRegion, checkRoleName, checkSessionName, parseRoleArn,
} from "../validate.js";
import { planAccountSource, type AccountsPlan, type RoleSpec } from "./accounts/plan.js";
import type { CredentialSession } from "../session.js";
import type { AccountSelection, FanOutOptions, FanOutProgress, FanOutTask, ShardOption } from "./types.js";
import { checkChainedDuration } from "../credentials/role-chaining.js";

export type { AccountsPlan, RoleSpec } from "./accounts/plan.js";

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
  drainSignal: AbortSignal | undefined;
  assume: { sessionName?: string; externalId?: string; durationSeconds?: number; serialNumber?: string; tokenCode?: () => Promise<string> };
  shard: ShardOption | undefined;
  onProgress: ((progress: FanOutProgress) => void) | undefined;
  onAccounts: ((selection: AccountSelection) => void) | undefined;
}

/** `concurrency` when not given. */
export const DEFAULT_CONCURRENCY = 16;
const MAX_TIMER_MS = 2_147_483_647;
const OPTION_KEYS = [
  "session", "accounts", "roles", "regions", "concurrency", "perAccountConcurrency", "perRegionConcurrency",
  "timeoutMs", "signal", "drainSignal", "sessionName", "externalId", "durationSeconds", "serialNumber", "tokenCode", "shard", "onProgress", "onAccounts",
] as const;
const SESSION_METHODS = ["client", "withRegion", "assumeRole", "getCredentials", "identity", "close"] as const;

/**
 * Validates `options` and `task`; throws FleetError ERR_INVALID_INPUT (or ERR_NO_REGION) on the first problem.
 * With `regionPending` (the session's region is still to be read from its profile), a missing
 * region is not an error yet and the partition checks that need it wait for the real plan.
 */
export function planFanOut(options: FanOutOptions, task: FanOutTask<unknown>, regionPending = false): FanOutPlan {
  const o = checkOptionsObject(options, "options", OPTION_KEYS);
  if (typeof task !== "function") throw invalidInput("task", task, "a function ({ session, accountId, region, roleArn, signal }) => value");
  const session = checkSession(o.session);
  const homeRegion = session.region;
  const regionsValue = o.regions;
  const listed = Array.isArray(regionsValue) ? checkList(regionsValue, "regions", checkRegion) : undefined;
  const partitionRegion = homeRegion ?? listed?.[0];
  const partition = partitionRegion === undefined ? "aws" : partitionOf(partitionRegion);
  const pending = regionPending && partitionRegion === undefined;
  const regions = pending && (regionsValue === undefined || regionsValue === "enabled") ? { kind: "enabled" as const } : planRegions(regionsValue, listed, partition, homeRegion);
  const roles = planRoles(o.roles, pending ? undefined : partition);
  const accounts = planAccounts(o.accounts, roles, partition);
  // "all" needs no home region for its list, but AssumeRole and organisation discovery do: which
  // region of the partition's list would answer is not knowable (issue 20 B4).
  if (regionsValue === "all" && homeRegion === undefined && !pending && (roles.length > 0 || accounts.kind === "organization")) {
    throw new FleetError("ERR_NO_REGION", "regions \"all\" with roles or the organisation needs a session with a region (for STS and discovery); give the session a region or list regions.", { option: "regions" });
  }
  // A base session that is itself an assumed role makes every child a role chain (≤ 1 hour).
  if (session.roleArn !== undefined) checkChainedDuration(optional(o.durationSeconds, checkDurationSeconds), `those of the assumed role ${session.roleArn}`);
  return {
    session, accounts, roles, regions, partitionRegion, homeRegion,
    concurrency: o.concurrency === undefined ? DEFAULT_CONCURRENCY : checkPositiveInteger(o.concurrency, "concurrency"),
    perAccountConcurrency: optional(o.perAccountConcurrency, (v) => checkPositiveInteger(v, "perAccountConcurrency")),
    perRegionConcurrency: optional(o.perRegionConcurrency, (v) => checkPositiveInteger(v, "perRegionConcurrency")),
    timeoutMs: optional(o.timeoutMs, (v) => checkPositiveInteger(v, "timeoutMs", MAX_TIMER_MS)),
    signal: optional(o.signal, checkSignal),
    drainSignal: optional(o.drainSignal, (v) => checkSignal(v, "drainSignal")),
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
    onAccounts: optional(o.onAccounts, (v) => {
      if (typeof v !== "function") throw invalidInput("onAccounts", v, "a function ({ accounts, leftOut, failed }) => void");
      return v as (selection: AccountSelection) => void;
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
  // Never quoted: a string or object here is often keys meant for `new CredentialSession(...)`.
  if (!ok) throw invalidInput("session", `(${describeValue(value)})`, "a CredentialSession, e.g. new CredentialSession({ accessKeyId, secretAccessKey })");
  return value as CredentialSession;
}

function checkSignal(value: unknown, option = "signal"): AbortSignal {
  if (!(value instanceof AbortSignal)) throw invalidInput(option, value, "an AbortSignal");
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

function planRoles(value: unknown, partition: string | undefined): RoleSpec[] {
  if (value === undefined) return [];
  const checkRole = (item: unknown, option: string): string => {
    if (typeof item === "string" && item.startsWith("arn:")) {
      const parsed = parseRoleArn(item, option);
      if (partition !== undefined && parsed.partition !== partition) throw invalidInput(option, item, `a role ARN in partition "${partition}", the regions' partition`);
      return parsed.arn;
    }
    return checkRoleName(item, option);
  };
  const list = typeof value === "string" ? [checkRole(value, "roles")] : checkList(value, "roles", checkRole);
  return list.map((role) => (role.startsWith("arn:") ? { arn: role, accountId: parseRoleArn(role).accountId } : { name: role }));
}

function planAccounts(value: unknown, roles: readonly RoleSpec[], partition: string): AccountsPlan {
  if (value === undefined) {
    if (roles.length === 0) return { kind: "self" };
    const named = roles.find((r) => "name" in r);
    if (named) throw invalidInput("roles", "name" in named ? named.name : "", "role ARNs when accounts is omitted (a role name needs accounts: a list or \"organization\")");
    const ids = [...new Set(roles.map((r) => ("accountId" in r ? r.accountId : "")))];
    return { kind: "list", accounts: ids.map((accountId) => ({ accountId })), filters: checkAccountFilters({}, "accounts") };
  }
  const plan = planAccountSource(value, partition);
  // Entries with their own role need no run-wide one; every other account does.
  if (plan.kind === "sso") {
    if (roles.length === 0) throw invalidInput("roles", undefined, "permission set names: roles is required with accounts \"sso\"");
    const arn = roles.find((r) => "arn" in r);
    if (arn && "arn" in arn) throw invalidInput("roles", arn.arn, "permission set names with accounts \"sso\" (an IAM Identity Center role is named, not addressed by ARN)");
    return { ...plan, roles: roles.map((r) => ("name" in r ? r.name : "")) };
  }
  const needsRoles = plan.kind === "organization" || plan.accounts.some((a) => a.roles === undefined);
  if (roles.length === 0 && needsRoles) throw invalidInput("roles", undefined, "role names or ARNs: roles is required whenever accounts is given (unless every entry has its own role)");
  const arn = roles.find((r) => "arn" in r);
  if (plan.kind === "organization" && arn && "arn" in arn) throw invalidInput("roles", arn.arn, "role names with organization discovery (an ARN names one account)");
  if (plan.kind === "list") {
    roles.forEach((role, i) => {
      if ("arn" in role && !plan.accounts.some((a) => a.accountId === role.accountId)) {
        throw invalidInput(`roles[${i}]`, role.arn, "a role ARN in one of the listed accounts (a role name applies to every account)");
      }
    });
  }
  return plan;
}
