// One entry of the shared store ↔ one DynamoDB item. The item holds in the clear only what the
// store needs to work without a key (and what `cache list` shows): the store key (a SHA-256
// digest), the role ARN, the account, the expiry in epoch seconds (the TTL attribute: DynamoDB
// TTL wants a Number of epoch seconds, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html)
// and the format version. Key id, secret, token and the assumed-role user are sealed.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { CredentialStoreEntry } from "../credentials/store.js";
import { open, seal, type SealContext, type Sealed, type StoreEncryption } from "./dynamodb-crypto.js";

/** The format this code writes and the only one it reads. */
export const FORMAT = 1;

export type Item = Record<string, AttributeValue>;

/** What an item says in the clear. */
export interface ItemHeader {
  key: string;
  roleArn: string;
  accountId?: string;
  /** Epoch seconds. */
  expiresAt: number;
  format: number;
  /** Epoch ms until which a process holds the right to call STS for this key, if any. */
  leaseUntil?: number;
  leaseOwner?: string;
}

/** The whole item for an entry (no lease: writing an entry ends the lease on its key). */
export async function toItem(key: string, entry: CredentialStoreEntry, encryption: StoreEncryption, signal?: AbortSignal): Promise<Item> {
  const context = contextOf(key, entry.roleArn, entry.accountId, toSeconds(entry.expiration));
  const secret = {
    accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey, sessionToken: entry.sessionToken ?? null,
    expiration: entry.expiration.getTime(), assumedRoleUser: entry.assumedRoleUser ?? null,
  };
  const sealed = await seal(encryption, Buffer.from(JSON.stringify(secret), "utf8"), context, signal);
  return {
    key: { S: key },
    v: { N: String(FORMAT) },
    roleArn: { S: entry.roleArn },
    ...(entry.accountId !== undefined && { accountId: { S: entry.accountId } }),
    expiresAt: { N: String(context.expiresAt) },
    alg: { S: sealed.alg },
    dk: { B: sealed.dk },
    iv: { B: sealed.iv },
    ct: { B: sealed.ct },
  };
}

/** The clear part of an item, or undefined for an item that is not ours (another format, no key). */
export function headerOf(item: Item | undefined): ItemHeader | undefined {
  if (!item || item.key?.S === undefined) return undefined;
  const leaseUntil = numberOf(item.leaseUntil);
  const base = {
    key: item.key.S, roleArn: item.roleArn?.S ?? "", expiresAt: numberOf(item.expiresAt) ?? 0, format: numberOf(item.v) ?? 0,
    ...(item.accountId?.S !== undefined && { accountId: item.accountId.S }),
    ...(leaseUntil !== undefined && { leaseUntil }), ...(item.leaseOwner?.S !== undefined && { leaseOwner: item.leaseOwner.S }),
  };
  return base;
}

/** Whether the item carries a sealed entry (a lease alone does not). */
export function hasEntry(item: Item | undefined): boolean {
  return item?.ct?.B !== undefined;
}

/**
 * The entry of an item, opened. Throws when it cannot be opened (another key, tampering, a
 * foreign format): the store turns that into a miss.
 */
export async function fromItem(key: string, item: Item, encryption: StoreEncryption, signal?: AbortSignal): Promise<CredentialStoreEntry> {
  const header = headerOf(item);
  if (!header || header.format !== FORMAT) throw new Error(`format ${header?.format ?? "unknown"}, not ${FORMAT}`);
  if (header.key !== key) throw new Error("item stored under another key");
  const alg = item.alg?.S;
  const dk = item.dk?.B, iv = item.iv?.B, ct = item.ct?.B;
  if ((alg !== "hkdf-aes256gcm" && alg !== "kms-aes256gcm") || !dk || !iv || !ct) throw new Error("incomplete item");
  const sealed: Sealed = { alg, dk, iv, ct };
  const plain = await open(encryption, sealed, contextOf(key, header.roleArn, header.accountId, header.expiresAt), signal);
  const secret = JSON.parse(plain.toString("utf8")) as {
    accessKeyId: string; secretAccessKey: string; sessionToken: string | null; expiration: number;
    assumedRoleUser: { arn: string; assumedRoleId: string } | null;
  };
  plain.fill(0);
  return {
    accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey,
    ...(secret.sessionToken !== null && { sessionToken: secret.sessionToken }),
    expiration: new Date(secret.expiration), roleArn: header.roleArn,
    ...(header.accountId !== undefined && { accountId: header.accountId }),
    ...(secret.assumedRoleUser !== null && { assumedRoleUser: secret.assumedRoleUser }),
  };
}

/** Epoch seconds of an expiry: rounded down, so the item never claims more life than it has. */
export function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function contextOf(key: string, roleArn: string, accountId: string | undefined, expiresAt: number): SealContext {
  return { format: FORMAT, key, roleArn, ...(accountId !== undefined && { accountId }), expiresAt };
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  if (value?.N === undefined) return undefined;
  const n = Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}
