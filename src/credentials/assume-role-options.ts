// assumeRole(...) input → one validated, normalised shape, checked before any call.
import { invalidInput } from "../errors.js";
import { partitionOf } from "../partitions.js";
import {
  checkAccountId, checkDurationSeconds, checkExternalId, checkMfaSerial, checkOptionsObject, checkPolicyArn,
  checkRegion, checkRoleName, checkSessionName, checkTag, parseRoleArn,
} from "../validate.js";

/** Options of {@link CredentialSession.assumeRole}. Give `roleArn`, or `accountId` and `roleName`. */
export interface AssumeRoleOptions {
  /** `arn:<partition>:iam::<account>:role/<name>`, in the partition of the STS region. */
  roleArn?: string;
  /** With `roleName`, instead of `roleArn`. */
  accountId?: string;
  /** With `accountId`, instead of `roleArn`. */
  roleName?: string;
  /** Default: `sessionfleet-<unix seconds>`, fixed once per parent session. */
  sessionName?: string;
  /** Required by roles that a third party assumes; 2-1224 characters. */
  externalId?: string;
  /** 900-43200 seconds. Default: the role's default (one hour). */
  durationSeconds?: number;
  /** An inline session policy (JSON) that narrows the role's permissions. */
  policy?: string;
  /** Managed policies that narrow the session (at most 10). */
  policyArns?: string[];
  /** Session tags, key → value (at most 50). */
  tags?: Record<string, string>;
  /** Tag keys that pass on to chained role sessions. */
  transitiveTagKeys?: string[];
  /** A name that stays with the session through role chains, for CloudTrail. */
  sourceIdentity?: string;
  /** MFA device of the caller; `tokenCode` is asked once per refresh and never stored. */
  serialNumber?: string;
  /** Returns the current MFA code; called once per AssumeRole. */
  tokenCode?: () => Promise<string>;
  /** The region whose STS endpoint to call. Default: the session's region. */
  stsRegion?: string;
}

export interface NormalizedAssumeRole {
  roleArn: string;
  accountId: string;
  sessionName: string;
  externalId?: string;
  durationSeconds?: number;
  policy?: string;
  policyArns?: string[];
  tags?: Array<{ Key: string; Value: string }>;
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  serialNumber?: string;
  tokenCode?: () => Promise<string>;
  stsRegion?: string;
}

const OPTION_NAMES = [
  "roleArn", "accountId", "roleName", "sessionName", "externalId", "durationSeconds", "policy", "policyArns",
  "tags", "transitiveTagKeys", "sourceIdentity", "serialNumber", "tokenCode", "stsRegion",
] as const;

export function normalizeAssumeRole(input: unknown, defaults: { sessionName: string; region: string | undefined }): NormalizedAssumeRole {
  const options: AssumeRoleOptions = typeof input === "string" ? { roleArn: input } : (checkOptionsObject(input, "assumeRole options", OPTION_NAMES) as AssumeRoleOptions);
  const stsRegion = options.stsRegion === undefined ? undefined : checkRegion(options.stsRegion, "stsRegion");
  const region = stsRegion ?? defaults.region;
  let roleArn: string;
  let accountId: string;
  if (options.roleArn !== undefined) {
    if (options.accountId !== undefined || options.roleName !== undefined) {
      throw invalidInput("roleArn", options.roleArn, "either roleArn or accountId + roleName, not both");
    }
    const parsed = parseRoleArn(options.roleArn, "roleArn");
    if (region !== undefined && parsed.partition !== partitionOf(region)) {
      throw invalidInput("roleArn", options.roleArn, `an ARN in partition "${partitionOf(region)}" (the partition of region ${region})`);
    }
    roleArn = parsed.arn;
    accountId = parsed.accountId;
  } else {
    accountId = checkAccountId(options.accountId, "accountId");
    const roleName = checkRoleName(options.roleName, "roleName");
    roleArn = `arn:${region === undefined ? "aws" : partitionOf(region)}:iam::${accountId}:role/${roleName}`;
  }
  const out: NormalizedAssumeRole = { roleArn, accountId, sessionName: checkSessionName(options.sessionName ?? defaults.sessionName) };
  if (options.externalId !== undefined) out.externalId = checkExternalId(options.externalId);
  if (options.durationSeconds !== undefined) out.durationSeconds = checkDurationSeconds(options.durationSeconds);
  if (options.policy !== undefined) out.policy = checkPolicy(options.policy);
  if (options.policyArns !== undefined) out.policyArns = checkArray(options.policyArns, "policyArns").map((arn, i) => checkPolicyArn(arn, `policyArns[${i}]`));
  if (options.tags !== undefined) out.tags = checkTags(options.tags);
  if (options.transitiveTagKeys !== undefined) {
    out.transitiveTagKeys = checkArray(options.transitiveTagKeys, "transitiveTagKeys").map((key, i) => checkTag(key, "", `transitiveTagKeys[${i}]`).Key);
  }
  if (options.sourceIdentity !== undefined) out.sourceIdentity = checkSessionName(options.sourceIdentity, "sourceIdentity");
  if (options.serialNumber !== undefined) out.serialNumber = checkMfaSerial(options.serialNumber);
  if (options.tokenCode !== undefined) {
    if (typeof options.tokenCode !== "function") throw invalidInput("tokenCode", options.tokenCode, "an async function returning the current MFA code");
    if (out.serialNumber === undefined) throw invalidInput("tokenCode", "(a function)", "to be given together with serialNumber");
    out.tokenCode = options.tokenCode;
  } else if (out.serialNumber !== undefined) {
    throw invalidInput("serialNumber", out.serialNumber, "to be given together with tokenCode");
  }
  if (stsRegion !== undefined) out.stsRegion = stsRegion;
  return out;
}

/**
 * One string per distinct assumption, so equal options share one child session. `stsRegion` is the
 * region whose STS endpoint the child calls (the option, else the view's region): views in two
 * regions make two children, since opt-in regions need their regional STS endpoint.
 */
export function assumeRoleKey(options: NormalizedAssumeRole, functionId: (fn: () => Promise<string>) => number, stsRegion: string | undefined): string {
  const { tokenCode, ...rest } = options;
  return JSON.stringify({ ...rest, stsRegion, tokenCode: tokenCode ? functionId(tokenCode) : undefined });
}

function checkArray(value: unknown, option: string): unknown[] {
  if (!Array.isArray(value) || value.length > 10) throw invalidInput(option, value, "an array of at most 10 items");
  return value;
}

function checkPolicy(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) throw invalidInput("policy", value, "a JSON policy document of 1-2048 characters");
  try {
    JSON.parse(value);
  } catch {
    throw invalidInput("policy", value, "valid JSON");
  }
  return value;
}

function checkTags(value: unknown): Array<{ Key: string; Value: string }> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalidInput("tags", value, "an object of tag key → value");
  const entries = Object.entries(value);
  if (entries.length > 50) throw invalidInput("tags", `${entries.length} tags`, "at most 50 session tags");
  return entries.map(([key, tagValue]) => checkTag(key, tagValue));
}
