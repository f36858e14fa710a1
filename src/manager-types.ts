// The public shapes of SessionManager: options, the target of get(), entry metadata, stats.
import type { CacheOption } from "./credentials/store.js";
import type { CredentialSession } from "./session.js";

/** Why a session left the manager. */
export type EvictReason = "idle" | "capacity" | "closed";

/** Options of a {@link SessionManager}. */
export interface SessionManagerOptions {
  /** The session every managed session assumes its role from. The manager never closes it. */
  base: CredentialSession;
  /** At most this many sessions are kept; above it the least recently used idle one is closed
   * (a session with a call in flight never is: the count runs over while all are busy). Default 1000. */
  maxSessions?: number;
  /** A session unused (no get(), no call) this long is closed. Default 10 minutes; `Infinity` keeps them. */
  idleTimeoutMs?: number;
  /** Where the managed sessions keep their credentials, so a tenant evicted and back reuses
   * them; default: the base session's store, or (with none, or `"memory"`) one in memory. */
  cache?: CacheOption;
  /** Called when a session leaves the manager; a session with calls in flight closes after they end. */
  onEvict?: (entry: ManagedSessionInfo, reason: EvictReason) => void;
}

/** Which session {@link SessionManager.get} returns: a role in an account (or give a role ARN). */
export interface ManagedTarget {
  /** The account; leave it out when `role` is a role ARN. */
  accountId?: string;
  /** A role name, or a whole role ARN. */
  role: string;
  externalId?: string;
  sessionName?: string;
  /** The region of the returned view (the session is shared by all regions). Default: the base's. */
  region?: string;
}

/** What the manager knows about one live session; never a secret. */
export interface ManagedSessionInfo {
  /** `roleArn/sessionName`, plus `#` and 8 hex characters of a hash when an external id is set. */
  key: string;
  accountId: string;
  roleArn: string;
  createdAt: Date;
  /** The last get() or SDK call (start or end). */
  lastUsedAt: Date;
  /** When its credentials expire, once it has any. */
  expiresAt?: Date;
  /** How many times get() returned it. */
  uses: number;
  /** SDK calls of its clients that have started and not ended. */
  inFlight: number;
  /** SDK clients it holds. */
  clients: number;
}

/** Counters of a {@link SessionManager}. */
export interface SessionManagerStats {
  /** Sessions held now. */
  sessions: number;
  /** How far `sessions` is over `maxSessions`: busy sessions are never evicted, so while every
   * session has a call in flight the count runs over the bound; it shrinks as calls end. */
  overCapacity: number;
  /** Evicted sessions still waiting for their calls in flight before they close. */
  draining: number;
  /** Sessions made since the manager was. */
  created: number;
  /** get() calls answered by a session already held. */
  reused: number;
  evicted: Record<EvictReason, number>;
  /** Calls in flight across every session (draining ones included). */
  inFlight: number;
  maxSessions: number;
  idleTimeoutMs: number;
}
