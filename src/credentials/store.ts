// Where assumed-role credentials may outlive the session that got them: an in-memory store, the
// key that names one assumption, and the `cache` option (the interface is in store-types.ts).
import type { NormalizedAssumeRole } from "./assume-role-options.js";
import { invalidInput } from "../errors.js";
import { FileCredentialStore } from "./file-store.js";

export type { CredentialStore, CredentialStoreEntry, CredentialStoreLease, CredentialStoreLeaseRequest } from "./store-types.js";
import type { CredentialStore, CredentialStoreEntry } from "./store-types.js";
import { nodeCrypto } from "../node-builtins.js";

/** The `cache` option of a session: `"memory"` (default: nothing outlives the session),
 * `"file"` (the file store, see docs/security.md), or your own {@link CredentialStore}. */
export type CacheOption = "memory" | "file" | CredentialStore;

/**
 * A {@link CredentialStore} in a Map: shares assumed-role credentials between sessions of one
 * process. Expired entries are dropped as it grows (each time it doubles), so a long-lived
 * service that sees many tenants holds about one entry per tenant per credential lifetime.
 */
export class MemoryCredentialStore implements CredentialStore {
  readonly #entries = new Map<string, CredentialStoreEntry>();
  #sweepAt = 64;

  async get(key: string): Promise<CredentialStoreEntry | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, entry: CredentialStoreEntry): Promise<void> {
    this.#entries.set(key, entry);
    if (this.#entries.size < this.#sweepAt) return;
    const now = Date.now();
    for (const [k, e] of this.#entries) {
      const expires = e.expiration instanceof Date ? e.expiration.getTime() : Number.NaN;
      if (!(expires > now)) this.#entries.delete(k);
    }
    this.#sweepAt = Math.max(64, this.#entries.size * 2);
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** The `cache` option → a store, or undefined for "memory" (the session's own provider is the memory). */
export function resolveCredentialStore(cache: CacheOption | undefined): CredentialStore | undefined {
  if (cache === undefined || cache === "memory") return undefined;
  if (cache === "file") return new FileCredentialStore();
  return cache;
}

/** Checks the `cache` option before any I/O. */
export function checkCacheOption(cache: unknown, option = "cache"): CacheOption | undefined {
  if (cache === undefined || cache === "memory" || cache === "file") return cache;
  const store = cache as Partial<CredentialStore> | null;
  if (store !== null && typeof store === "object" && typeof store.get === "function" && typeof store.set === "function" && typeof store.delete === "function") {
    return store as CredentialStore;
  }
  throw invalidInput(option, typeof cache === "object" ? "(an object without get/set/delete)" : cache, "\"memory\", \"file\" or a CredentialStore { get, set, delete }");
}

/**
 * What makes two AssumeRole calls return interchangeable credentials: the call's own options
 * (all but the MFA code, which changes nothing issued), who calls and where.
 */
export type StoreKeyParts = Omit<NormalizedAssumeRole, "accountId" | "tokenCode"> & {
  /** Who calls STS: a static key id, `profile:<name>`, or the store key of the parent role. */
  caller: string;
  /** A custom STS endpoint (a sandbox, a VPC endpoint): credentials from one mean nothing at another. */
  endpoint?: string;
};

/** The hex SHA-256 of the parts, in a fixed order: a file name that tells nothing about them. */
export function storeKey(parts: StoreKeyParts): string {
  const ordered = [
    parts.caller, parts.roleArn, parts.sessionName, parts.externalId ?? null, parts.policy ?? null, parts.policyArns ?? null,
    parts.tags ?? null, parts.transitiveTagKeys ?? null, parts.sourceIdentity ?? null, parts.serialNumber ?? null,
    parts.durationSeconds ?? null, parts.stsRegion ?? null, parts.endpoint ?? null,
  ];
  return nodeCrypto().createHash("sha256").update(JSON.stringify(["sessionfleet/1", ...ordered])).digest("hex");
}
