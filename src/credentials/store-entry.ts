// What a CredentialStore hands back is checked before it is used: stores of one's own serialise
// (a file, Redis, DynamoDB), so `expiration` may come back as an ISO string or epoch ms, and
// anyone who can write the store can forge an entry. An entry is used only when it is whole and
// names the role (and account) asked for; anything else is a miss, and the next AssumeRole
// overwrites it.
import { emitWarning } from "node:process";
import type { NormalizedAssumeRole } from "./assume-role-options.js";
import type { CredentialStoreEntry } from "./store.js";

/** `process.emitWarning` code for an entry that cannot be used. */
export const MALFORMED_ENTRY_WARNING = "SESSIONFLEET_STORE_ENTRY";

/** An entry as a store may return it: `expiration` as a Date, an ISO string or epoch milliseconds. */
export type StoredEntry = Omit<CredentialStoreEntry, "expiration"> & { expiration: Date | string | number };

/** The expiration as a Date, or undefined when it is none of the accepted forms. */
export function expirationOf(value: unknown): Date | undefined {
  const date = value instanceof Date ? new Date(value.getTime())
    : typeof value === "number" ? new Date(value)
      : typeof value === "string" && value.trim() !== "" ? new Date(/^\d+$/.test(value.trim()) ? Number(value) : value)
        : undefined;
  return date && Number.isFinite(date.getTime()) ? date : undefined;
}

const text = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/**
 * The usable entry, or undefined (a miss). A malformed entry warns once per key per process;
 * one that names another role or account is a miss without a warning (it is replaced).
 */
export function checkEntry(raw: unknown, key: string, options: Pick<NormalizedAssumeRole, "roleArn" | "accountId">): CredentialStoreEntry | undefined {
  if (raw === undefined || raw === null) return undefined;
  const e = raw as Partial<Record<keyof CredentialStoreEntry, unknown>>;
  const expiration = typeof e === "object" ? expirationOf(e.expiration) : undefined;
  const user = typeof e === "object" ? e.assumedRoleUser as { arn?: unknown; assumedRoleId?: unknown } | undefined : undefined;
  if (
    typeof e !== "object" || !text(e.accessKeyId) || !text(e.secretAccessKey) || (e.sessionToken !== undefined && !text(e.sessionToken))
    || !expiration || !text(e.roleArn) || (e.accountId !== undefined && !text(e.accountId))
    || (user !== undefined && (user === null || typeof user !== "object" || !text(user.arn) || !text(user.assumedRoleId)))
  ) {
    warnOnce(key);
    return undefined;
  }
  const entry: CredentialStoreEntry = {
    accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey, ...(e.sessionToken !== undefined && { sessionToken: e.sessionToken }),
    expiration, roleArn: e.roleArn, ...(e.accountId !== undefined && { accountId: e.accountId }),
    ...(user !== undefined && { assumedRoleUser: { arn: user.arn as string, assumedRoleId: user.assumedRoleId as string } }),
  };
  return matches(entry, options) ? entry : undefined;
}

/**
 * Whether an entry was issued for the role asked for. The key alone is not trusted: whoever can
 * write the store can put any credentials under any key. An assumed-role ARN is
 * `arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>` (STS API reference,
 * AssumedRoleUser: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumedRoleUser.html;
 * IAM User Guide, IAM identifiers: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html),
 * so its partition, account and role name must be those of the role ARN. The
 * session name is not compared: a session's default name changes from run to run and is left
 * out of the key on purpose, so any run's entry serves.
 */
function matches(entry: CredentialStoreEntry, options: Pick<NormalizedAssumeRole, "roleArn" | "accountId">): boolean {
  if (entry.roleArn !== options.roleArn) return false;
  if (entry.accountId !== undefined && entry.accountId !== options.accountId) return false;
  if (entry.assumedRoleUser === undefined) return true;
  const role = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(options.roleArn);
  const user = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(entry.assumedRoleUser.arn);
  if (!role || !user) return false;
  return user[1] === role[1] && user[2] === options.accountId && user[3] === role[3];
}

const warned = new Set<string>();

function warnOnce(key: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  emitWarning(`A credential store entry (key ${key.slice(0, 12)}…) is malformed; it is ignored and replaced by the next AssumeRole.`, { code: MALFORMED_ENTRY_WARNING });
}
