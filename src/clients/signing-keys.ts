// SigV4 signing keys per set of credentials (issue 23). A key is derived from the secret in four
// HMACs: kDate = HMAC("AWS4" + secret, day), kRegion = HMAC(kDate, region), kService =
// HMAC(kRegion, service), kSigning = HMAC(kService, "aws4_request") (AWS IAM User Guide, "Create a
// signed AWS API request", step 4, and the General Reference's "Examples of how to derive a signing
// key for Signature Version 4"; @smithy/signature-v4 credentialDerivation getSigningKey). The SDK
// keeps the last 50 keys in one process-wide cache whose key costs a fifth HMAC on every request
// (of the secret over the key id). A fan-out touches more (account, region) pairs than that at once:
// every target derived its key afresh, five HMACs, ~50 µs in a cold process.
//
// Here a session's credentials object (the one its memoized provider hands every signer until it
// refreshes) holds its own keys: kDate once per day for every region of the account, kSigning once
// per (day, region, service), and a lookup is a WeakMap and a Map, no HMAC. New credentials are a
// new object (or, changed in place, a new key id or token) and start afresh; the keys go with the
// credentials they were derived from. A provider that hands out a new object per call only loses
// the sharing, never correctness.
import type { AwsCredentialIdentity, ChecksumConstructor, HashConstructor } from "@smithy/types";
import { remembered } from "./remembered.js";

type Sha256 = ChecksumConstructor | HashConstructor;
type Keys = Map<string, Promise<Uint8Array>>;

/** The keys of a credentials object, and the key id and token they were derived for. */
interface Held {
  readonly accessKeyId: string;
  readonly sessionToken: string | undefined;
  readonly keys: Keys;
}

const keysOf = new WeakMap<AwsCredentialIdentity, Held>();

async function hmac(Sha256: Sha256, key: string | Uint8Array, data: string): Promise<Uint8Array> {
  const hash = new Sha256(key);
  hash.update(Buffer.from(data, "utf8"));
  return hash.digest();
}

/** The SigV4 signing key for `credentials` on `shortDate` (YYYYMMDD) in `region` for `service`. */
export function signingKey(Sha256: Sha256, credentials: AwsCredentialIdentity, shortDate: string, region: string, service: string): Promise<Uint8Array> {
  let held = keysOf.get(credentials);
  // An object whose key id or token changed in place is new credentials, too.
  if (!held || held.accessKeyId !== credentials.accessKeyId || held.sessionToken !== credentials.sessionToken) {
    held = { accessKeyId: credentials.accessKeyId, sessionToken: credentials.sessionToken, keys: new Map() };
    keysOf.set(credentials, held);
  }
  const own = held.keys;
  return remembered(own, `${shortDate}/${region}/${service}`, async () => {
    const kDate = remembered(own, shortDate, () => {
      // A day's keys replace the day before's: a long-lived session does not keep every day it saw.
      for (const key of own.keys()) if (!key.startsWith(shortDate)) own.delete(key);
      return hmac(Sha256, `AWS4${credentials.secretAccessKey}`, shortDate);
    });
    const kRegion = await hmac(Sha256, await kDate, region);
    const kService = await hmac(Sha256, kRegion, service);
    return hmac(Sha256, kService, "aws4_request");
  });
}

interface SignerWithKeys {
  sha256: Sha256;
  service: string;
  getSigningKey(credentials: AwsCredentialIdentity, region: string, shortDate: string, service?: string): Promise<Uint8Array>;
}

/**
 * Gives a SignatureV4 (or a subclass) its keys from `signingKey`. Only a signer with the SDK's
 * `getSigningKey(credentials, region, shortDate, service)` is changed; any other keeps its own.
 */
export function withSessionSigningKeys<T extends object>(signer: T): T {
  const s = signer as unknown as SignerWithKeys;
  if (typeof s.getSigningKey !== "function" || s.getSigningKey.length !== 4 || typeof s.sha256 !== "function") return signer;
  s.getSigningKey = (credentials, region, shortDate, service) => signingKey(s.sha256, credentials, shortDate, region, service || s.service);
  return signer;
}
