// The options of DynamoDBCredentialStore, checked before any call: a bad table name, key or lease
// is a FleetError ERR_INVALID_INPUT naming the option, never a failure at the first AssumeRole.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { invalidInput } from "../errors.js";
import type { StoreEncryption } from "./dynamodb-crypto.js";

/** Options of a DynamoDBCredentialStore. */
export interface DynamoDBCredentialStoreOptions {
  /** The table (see `createTable()`): 3-255 of `[a-zA-Z0-9_.-]`, as DynamoDB names tables. */
  tableName: string;
  /** The client the store calls DynamoDB with (its region, credentials and endpoint). */
  client: DynamoDBClient;
  /** `{ key }`: 32 bytes the caller keeps (in a secret manager); or `{ kmsKeyId, kms }`: a KMS key. */
  encryption: StoreEncryption;
  /** How long one process may hold the right to call STS for a key, and the longest any wait lasts. Default 10 000. */
  leaseMs?: number;
  /** Where the store's few warnings go (each kind once per store). Default: `process.emitWarning`, code SESSIONFLEET_SHARED_STORE. */
  onWarning?: (message: string) => void;
}

/** The options with defaults applied. */
export type CheckedStoreOptions = Required<Omit<DynamoDBCredentialStoreOptions, "onWarning">> & Pick<DynamoDBCredentialStoreOptions, "onWarning">;

const TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;

/** Checks the options; copies the caller's key so later changes to their buffer change nothing. */
export function checkStoreOptions(options: DynamoDBCredentialStoreOptions): CheckedStoreOptions {
  const o = (options ?? {}) as Partial<DynamoDBCredentialStoreOptions>;
  if (typeof o.tableName !== "string" || !TABLE.test(o.tableName)) throw invalidInput("tableName", o.tableName, "a DynamoDB table name: 3-255 of a-z A-Z 0-9 _ . -");
  if (!o.client || typeof (o.client as { send?: unknown }).send !== "function") throw invalidInput("client", typeof o.client, "a DynamoDBClient from @aws-sdk/client-dynamodb");
  const leaseMs = o.leaseMs ?? 10_000;
  if (!Number.isInteger(leaseMs) || leaseMs < 100 || leaseMs > 600_000) throw invalidInput("leaseMs", o.leaseMs, "an integer number of milliseconds from 100 to 600000");
  if (o.onWarning !== undefined && typeof o.onWarning !== "function") throw invalidInput("onWarning", typeof o.onWarning, "a function (message) => void");
  return { tableName: o.tableName, client: o.client, encryption: checkEncryption(o.encryption), leaseMs, ...(o.onWarning && { onWarning: o.onWarning }) };
}

function checkEncryption(encryption: unknown): StoreEncryption {
  const e = encryption as { key?: unknown; kmsKeyId?: unknown; kms?: unknown } | null | undefined;
  if (e && "key" in e && e.key !== undefined) {
    // The key's bytes never appear in the message: only its length.
    if (!(e.key instanceof Uint8Array) || e.key.length !== 32) {
      throw invalidInput("encryption.key", e.key instanceof Uint8Array ? `(${e.key.length} bytes)` : `(${typeof e.key})`, "32 bytes (a Buffer or Uint8Array, e.g. Buffer.from(base64, \"base64\") of `openssl rand -base64 32`)");
    }
    return { key: Uint8Array.from(e.key) };
  }
  if (e && typeof e.kmsKeyId === "string" && e.kmsKeyId.length > 0) {
    if (!e.kms || typeof (e.kms as { send?: unknown }).send !== "function") throw invalidInput("encryption.kms", typeof e.kms, "a KMSClient from @aws-sdk/client-kms");
    return { kmsKeyId: e.kmsKeyId, kms: e.kms as Extract<StoreEncryption, { kms: unknown }>["kms"] };
  }
  throw invalidInput("encryption", "(missing)", "{ key } (32 bytes) or { kmsKeyId, kms } (a KMS key id or alias and a KMSClient)");
}
