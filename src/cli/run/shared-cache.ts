// `--cache dynamodb:<table>`: the shared DynamoDB store for a CLI run or for `cache list|clear`.
// Loaded only when that flag is given, so no other run loads the DynamoDB or KMS client.
// The caller key is SESSIONFLEET_CACHE_KEY (32 bytes, base64: `openssl rand -base64 32`), or a
// KMS key with --cache-kms-key. The DynamoDB client finds its region and endpoint as the SDK does
// (AWS_REGION, the profile, AWS_ENDPOINT_URL_DYNAMODB).
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AwsCredentialIdentity } from "@smithy/types";
import { FleetError } from "../../errors.js";
import { DynamoDBCredentialStore } from "../../stores/dynamodb.js";
import type { StoreEncryption } from "../../stores/dynamodb-crypto.js";
import type { SharedCacheArgs } from "../args/command-types.js";

/** The store and the clients it made, which `close()` destroys. */
export interface SharedCache {
  store: DynamoDBCredentialStore;
  close(): void;
}

const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Opens the store. `credentials`: the run's base credentials (else the SDK's default chain);
 * `needKey`: false for `cache list|clear`, which never open an entry.
 */
export async function openSharedCache(
  args: SharedCacheArgs,
  options: { region?: string; profile?: string; credentials?: () => Promise<AwsCredentialIdentity>; needKey: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<SharedCache> {
  const clientConfig = {
    ...(options.region !== undefined && { region: options.region }),
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.credentials && { credentials: options.credentials }),
  };
  const encryption = await encryptionOf(args, clientConfig, env, options.needKey);
  const client = new DynamoDBClient(clientConfig);
  const store = new DynamoDBCredentialStore({ tableName: args.table, client, encryption: encryption.value });
  return {
    store,
    close() {
      client.destroy();
      encryption.close();
    },
  };
}

async function encryptionOf(args: SharedCacheArgs, clientConfig: Record<string, unknown>, env: NodeJS.ProcessEnv, needKey: boolean): Promise<{ value: StoreEncryption; close(): void }> {
  if (args.kmsKeyId !== undefined) {
    const { KMSClient } = await import("@aws-sdk/client-kms");
    const kms = new KMSClient(clientConfig);
    return { value: { kmsKeyId: args.kmsKeyId, kms }, close: () => kms.destroy() };
  }
  const text = env.SESSIONFLEET_CACHE_KEY?.trim();
  if (text && BASE64_32.test(text)) return { value: { key: Buffer.from(text, "base64") }, close() {} };
  // list and clear read only the clear attributes: any key will do, and none is asked for.
  if (!needKey) return { value: { key: randomBytes(32) }, close() {} };
  // Never the value itself: only whether it was set and how long it is.
  const what = text ? `SESSIONFLEET_CACHE_KEY is set (${text.length} characters) but is not 32 bytes in base64` : "SESSIONFLEET_CACHE_KEY is not set";
  throw new FleetError(
    "ERR_INVALID_INPUT",
    `--cache dynamodb:${args.table} needs a key to seal the credentials it stores: ${what}. Set it to the output of \`openssl rand -base64 32\` (kept in a secret manager, the same for every process of the fleet), or use --cache-kms-key <key id>.`,
    { option: "SESSIONFLEET_CACHE_KEY" },
  );
}
