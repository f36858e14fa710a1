// The sealing of one entry of the shared store: AES-256-GCM under a data key of its own, with
// everything the item says about itself (key, role, account, expiry, format) as additional
// authenticated data, so an item copied to another key, role or expiry no longer opens.
//
// A caller key: each entry's data key is HKDF-SHA256(caller key, 32 random salt bytes, info = the
// item's key) — derived, not wrapped. Wrapping would encrypt a random data key under the caller
// key with a random 96-bit GCM nonce per entry, which bounds how many entries one key may seal
// (NIST SP 800-38D, 8.3: 2^32 random nonces); a 256-bit salt has no such bound, and a derived key
// leaves one ciphertext per item instead of two.
// A KMS key: envelope encryption — GenerateDataKey (AES_256) per entry, its CiphertextBlob kept
// in the item, Decrypt on read; the encryption context binds the data key to the item's key, so
// KMS itself refuses a data key moved to another item (and CloudTrail names the key it opened).
// https://docs.aws.amazon.com/kms/latest/developerguide/data-keys.html
// https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html
// Decrypt names the KeyId, so a store with another KMS key is refused by KMS (IncorrectKeyException,
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html) instead of opening it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { DecryptCommandOutput, GenerateDataKeyCommandOutput, KMSClient } from "@aws-sdk/client-kms";

/** How entries are sealed: a 32-byte key the caller keeps, or a KMS key. */
export type StoreEncryption = { key: Uint8Array } | { kmsKeyId: string; kms: KMSClient };

/** What the AAD authenticates besides the ciphertext. */
export interface SealContext {
  format: number;
  key: string;
  roleArn: string;
  accountId?: string;
  expiresAt: number;
}

/** A sealed entry as the item keeps it. */
export interface Sealed {
  alg: "hkdf-aes256gcm" | "kms-aes256gcm";
  /** The HKDF salt (caller key) or the KMS CiphertextBlob of the data key. */
  dk: Uint8Array;
  iv: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM tag. */
  ct: Uint8Array;
}

const TAG = 16;

function aad(c: SealContext): Buffer {
  return Buffer.from(JSON.stringify(["sessionfleet/dynamodb", c.format, c.key, c.roleArn, c.accountId ?? null, c.expiresAt]), "utf8");
}

function derive(master: Uint8Array, salt: Uint8Array, key: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master, salt, `sessionfleet/dynamodb/1 ${key}`, 32));
}

function kmsContext(c: SealContext): Record<string, string> {
  return { "sessionfleet:format": String(c.format), "sessionfleet:key": c.key };
}

/** Seals `plaintext` for the item `context` describes. */
export async function seal(encryption: StoreEncryption, plaintext: Uint8Array, context: SealContext, signal?: AbortSignal): Promise<Sealed> {
  let dataKey: Buffer;
  let dk: Uint8Array;
  let alg: Sealed["alg"];
  if ("key" in encryption) {
    dk = randomBytes(32);
    dataKey = derive(encryption.key, dk, context.key);
    alg = "hkdf-aes256gcm";
  } else {
    const { GenerateDataKeyCommand } = await import("@aws-sdk/client-kms");
    const out: GenerateDataKeyCommandOutput = await encryption.kms.send(
      new GenerateDataKeyCommand({ KeyId: encryption.kmsKeyId, KeySpec: "AES_256", EncryptionContext: kmsContext(context) }),
      { ...(signal && { abortSignal: signal }) },
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error("KMS GenerateDataKey answered without Plaintext or CiphertextBlob");
    dataKey = Buffer.from(out.Plaintext);
    dk = out.CiphertextBlob;
    alg = "kms-aes256gcm";
  }
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", dataKey, iv, { authTagLength: TAG });
    cipher.setAAD(aad(context));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return { alg, dk, iv, ct };
  } finally {
    dataKey.fill(0);
  }
}

/** Opens a sealed entry; throws when the key, the context or the bytes are not the sealer's. */
export async function open(encryption: StoreEncryption, sealed: Sealed, context: SealContext, signal?: AbortSignal): Promise<Buffer> {
  let dataKey: Buffer;
  if ("key" in encryption) {
    if (sealed.alg !== "hkdf-aes256gcm") throw new Error(`sealed with ${sealed.alg}, and this store has a caller key`);
    dataKey = derive(encryption.key, sealed.dk, context.key);
  } else {
    if (sealed.alg !== "kms-aes256gcm") throw new Error(`sealed with ${sealed.alg}, and this store has a KMS key`);
    const { DecryptCommand } = await import("@aws-sdk/client-kms");
    const out: DecryptCommandOutput = await encryption.kms.send(
      new DecryptCommand({ KeyId: encryption.kmsKeyId, CiphertextBlob: sealed.dk, EncryptionContext: kmsContext(context) }),
      { ...(signal && { abortSignal: signal }) },
    );
    if (!out.Plaintext) throw new Error("KMS Decrypt answered without Plaintext");
    dataKey = Buffer.from(out.Plaintext);
  }
  try {
    if (sealed.iv.length !== 12 || sealed.ct.length < TAG) throw new Error("malformed ciphertext");
    const decipher = createDecipheriv("aes-256-gcm", dataKey, sealed.iv, { authTagLength: TAG });
    decipher.setAAD(aad(context));
    decipher.setAuthTag(sealed.ct.subarray(sealed.ct.length - TAG));
    return Buffer.concat([decipher.update(sealed.ct.subarray(0, sealed.ct.length - TAG)), decipher.final()]);
  } finally {
    dataKey.fill(0);
  }
}
