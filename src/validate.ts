// Every value a user gives is checked here, once, before any I/O. Each check throws a
// FleetError ERR_INVALID_INPUT that names the option and quotes the value.
import { invalidInput } from "./errors.js";
import { isKnownRegion, partitionOf, regionExpected, type PartitionId } from "./partitions.js";

const ACCOUNT_ID = /^\d{12}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
// IAM role names: 1-64 of [\w+=,.@-]; a path is /segment/.../ of the same characters.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;
const MFA_SERIAL = /^(?:arn:aws[a-z-]*:iam::\d{12}:mfa\/[\w+=/:,.@-]{1,256}|[\w+=/:,.@-]{9,256})$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

export const DURATION_MIN_SECONDS = 900;
export const DURATION_MAX_SECONDS = 43_200;

export function checkString(option: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw invalidInput(option, value, "a non-empty string");
  return value;
}

/** A profile name of the shared config files. */
export function checkProfileName(value: unknown, option = "profile"): string {
  if (typeof value !== "string" || !/^[\w.@+=,:/-]{1,128}$/.test(value)) {
    throw invalidInput(option, value, "a profile name of the shared config files (1-128 letters, digits and _.@+=,:/-)");
  }
  return value;
}

export function checkAccountId(value: unknown, option = "accountId"): string {
  if (typeof value !== "string" || !ACCOUNT_ID.test(value)) throw invalidInput(option, value, "a 12-digit AWS account id such as \"111111111111\"");
  return value;
}

export function checkRegion(value: unknown, option = "region"): string {
  if (typeof value !== "string" || !isKnownRegion(value)) {
    throw invalidInput(option, value, regionExpected());
  }
  return value;
}

export function checkSessionName(value: unknown, option = "sessionName"): string {
  if (typeof value !== "string" || !SESSION_NAME.test(value)) throw invalidInput(option, value, "2-64 characters of [A-Za-z0-9_+=,.@-]");
  return value;
}

export function checkExternalId(value: unknown, option = "externalId"): string {
  if (typeof value !== "string" || !EXTERNAL_ID.test(value)) throw invalidInput(option, value, "2-1224 characters of [A-Za-z0-9_+=,.@:/-]");
  return value;
}

export function checkDurationSeconds(value: unknown, option = "durationSeconds"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < DURATION_MIN_SECONDS || value > DURATION_MAX_SECONDS) {
    throw invalidInput(option, value, `a whole number of seconds from ${DURATION_MIN_SECONDS} to ${DURATION_MAX_SECONDS}`);
  }
  return value;
}

export function checkPositiveInteger(value: unknown, option: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidInput(option, value, `a whole number from 1 to ${max}`);
  }
  return value;
}

/** A timer's milliseconds: a whole number up to Node's timer limit, 0 for none. */
export function checkWholeMs(value: unknown, option: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    throw invalidInput(option, value, "a whole number of milliseconds, 0 for none");
  }
  return value;
}

export function checkRoleName(value: unknown, option = "role"): string {
  if (typeof value !== "string" || !ROLE_NAME.test(value)) throw invalidInput(option, value, "an IAM role name (1-64 characters of [A-Za-z0-9_+=,.@-]) or a role ARN");
  return value;
}

export interface ParsedRoleArn {
  partition: PartitionId;
  accountId: string;
  path: string;
  roleName: string;
  arn: string;
}

export function parseRoleArn(value: unknown, option = "roleArn"): ParsedRoleArn {
  const match = typeof value === "string" ? ROLE_ARN.exec(value) : null;
  if (!match) throw invalidInput(option, value, "an IAM role ARN such as \"arn:aws:iam::111111111111:role/Audit\"");
  const [arn, partition, accountId, path, roleName] = match as unknown as [string, string, string, string, string];
  return { arn, partition, accountId, path: `/${path}`, roleName };
}

/** `arn:<partition>:iam::<account>:role/<name>` for the region's partition. */
export function roleArnFor(accountId: string, roleName: string, region: string | undefined): string {
  const partition = region === undefined ? "aws" : partitionOf(region);
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** A role given as a name or an ARN, made into an ARN for the account; an ARN must name that account. */
export function roleArnForAccount(role: string, accountId: string, region: string | undefined, option = "roles"): string {
  if (role.startsWith("arn:")) return parseRoleArn(role, option).arn;
  return roleArnFor(accountId, checkRoleName(role, option), region);
}

export function checkMfaSerial(value: unknown, option = "serialNumber"): string {
  if (typeof value !== "string" || !MFA_SERIAL.test(value)) throw invalidInput(option, value, "an MFA device ARN or serial number (9-256 characters)");
  return value;
}

export function checkPolicyArn(value: unknown, option = "policyArns"): string {
  if (typeof value !== "string" || !POLICY_ARN.test(value)) throw invalidInput(option, value, "an IAM policy ARN such as \"arn:aws:iam::aws:policy/ReadOnlyAccess\"");
  return value;
}

export function checkTag(key: unknown, value: unknown, option = "tags"): { Key: string; Value: string } {
  if (typeof key !== "string" || !TAG_KEY.test(key)) throw invalidInput(`${option} key`, key, "1-128 letters, digits, spaces or _.:/=+-@");
  if (typeof value !== "string" || !TAG_VALUE.test(value)) throw invalidInput(`${option}[${key}]`, value, "0-256 letters, digits, spaces or _.:/=+-@");
  return { Key: key, Value: value };
}

/** Throws unless `options` is a plain object whose keys are all in `allowed` (catches typos). */
export function checkOptionsObject(value: unknown, option: string, allowed: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalidInput(option, value, "an object");
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalidInput(`${option}.${key}`, key, `one of the known options: ${allowed.join(", ")}`);
  }
  return value as Record<string, unknown>;
}
