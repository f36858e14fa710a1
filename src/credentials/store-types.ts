// The CredentialStore interface and its entry and lease shapes: what every store (memory, file,
// DynamoDB, a caller's own) implements. Kept apart from store.ts so that stores import the shapes
// without importing the store chooser that imports them.
/** One set of assumed-role credentials as a store keeps it (with the role it belongs to). */
export interface CredentialStoreEntry {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration: Date;
  /** The role these credentials were issued for. */
  roleArn: string;
  accountId?: string;
  /** STS's `AssumedRoleUser`, when it answered one. */
  assumedRoleUser?: { arn: string; assumedRoleId: string };
}

/**
 * Keeps assumed-role credentials by key, so another session (or another process) that makes
 * the same assumption can reuse them instead of calling STS again. Keys are hex SHA-256 digests
 * of everything that changes the credentials; an entry is used only while more than the refresh
 * window (5 minutes) of it remains. Base credentials (keys, SSO tokens) are never stored.
 *
 * @example
 * ```ts
 * import { CredentialSession, type CredentialStore, type CredentialStoreEntry } from "sessionfleet";
 * const entries = new Map<string, CredentialStoreEntry>();
 * const store: CredentialStore = {
 *   get: async (key) => entries.get(key),
 *   set: async (key, entry) => void entries.set(key, entry),
 *   delete: async (key) => void entries.delete(key),
 * };
 * const base = new CredentialSession({ region: "us-east-1", cache: store });
 * ```
 */
export interface CredentialStore {
  get(key: string): Promise<CredentialStoreEntry | undefined>;
  set(key: string, entry: CredentialStoreEntry): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional, for stores shared by many processes: called after a miss, before the session's own
   * AssumeRole, so that one process of a fleet calls STS for a key while the others wait. It
   * resolves either with an `entry` another process stored meanwhile (used like a hit: it expires
   * after `request.freshUntil`), or without one: then the session calls STS, `set`s the answer
   * and calls `release()` (also when STS failed). A store resolves within its own bound (its
   * lease) and never rejects for its own trouble: unreachable, it resolves without an entry.
   */
  acquire?(key: string, request: CredentialStoreLeaseRequest): Promise<CredentialStoreLease>;
}

/** What a session asks {@link CredentialStore.acquire} for. */
export interface CredentialStoreLeaseRequest {
  /** The role the session is about to assume. */
  roleArn: string;
  /** An entry counts only if it expires after this (now + the refresh window). */
  freshUntil: Date;
}

/** The answer of {@link CredentialStore.acquire}: a stored entry, or the right to call STS. */
export interface CredentialStoreLease {
  entry?: CredentialStoreEntry;
  /** Gives the right to call STS back (after `set`, or after a failed AssumeRole). */
  release(): Promise<void>;
}
