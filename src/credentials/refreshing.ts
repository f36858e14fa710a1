import type { AwsCredentialIdentity } from "@smithy/types";

/** A credential provider shared by every client of a session (and all its region views). */
export interface RefreshingProvider {
  (): Promise<AwsCredentialIdentity>;
  /** Replaces the credentials whose key id is `staleKeyId`, unless that already happened; one
   * refresh serves every caller that failed with the same old key. */
  forceRefresh(staleKeyId?: string): Promise<AwsCredentialIdentity>;
  /** The credentials held now, if any (never triggers a call). */
  current(): AwsCredentialIdentity | undefined;
  /** Marks this provider as memoized for the SDK, which then uses it as is instead of wrapping
   * it in a per-client memoize (each client would keep a stale copy after a forced refresh). */
  readonly memoized: true;
  readonly configBound: true;
  readonly attributed: true;
}

export interface RefreshOptions {
  /** Refresh this long before expiry. Default 5 minutes. */
  refreshBeforeMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** Credentials are refreshed this long before they expire (and a stored entry with less left is not used). */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;
/** Credentials that arrive already due for refresh (a skewed clock) are kept this long. */
export const SKEW_REFRESH_INTERVAL_MS = 30_000;

/**
 * Memoizes `load` with a refresh window: the result is reused until `refreshBeforeMs` before its
 * expiration (or half its life, when it lives less than twice the window, so short-lived
 * credentials are not refreshed on every call). Concurrent callers share one in-flight load. A
 * failed early refresh keeps serving the old credentials while they are still valid.
 *
 * Credentials that are already due for refresh when they arrive (an `Expiration` in the past, or
 * so near that it is due at once: our clock or the server's is off; a short lifetime alone is not) are kept for {@link SKEW_REFRESH_INTERVAL_MS}
 * instead of being fetched again on every call, with one `SESSIONFLEET_CLOCK_SKEW` warning.
 */
export function refreshingProvider(load: () => Promise<AwsCredentialIdentity>, options: RefreshOptions = {}): RefreshingProvider {
  const now = options.now ?? Date.now;
  const window = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let held: AwsCredentialIdentity | undefined;
  let refreshAt = 0;
  let inFlight: Promise<AwsCredentialIdentity> | undefined;

  const run = async (): Promise<AwsCredentialIdentity> => {
    const obtainedAt = now();
    try {
      const fresh = await load();
      const receivedAt = now();
      held = fresh;
      refreshAt = refreshTime(fresh, obtainedAt, window);
      // Due already on arrival: STS never issues credentials that are due (short-lived ones are
      // refreshed at half-life), so our clock or the server's is off. Fetching again would get
      // the same answer on every call: hold them a while instead.
      if (refreshAt <= receivedAt) {
        refreshAt = receivedAt + SKEW_REFRESH_INTERVAL_MS;
        warnClockSkew(fresh, receivedAt);
      }
      return fresh;
    } catch (error) {
      if (held && !isExpired(held, now())) return held;
      throw error;
    }
  };

  const refresh = (): Promise<AwsCredentialIdentity> => {
    if (!inFlight) {
      // Cleared in a later turn, never before it is set: a `load` that throws synchronously
      // settles `run()` at once, and an inline `finally` would run before the assignment and
      // leave the rejected promise cached for good.
      const pending: Promise<AwsCredentialIdentity> = run().finally(() => {
        if (inFlight === pending) inFlight = undefined;
      });
      inFlight = pending;
    }
    return inFlight;
  };

  const provider = (async () => {
    if (held && now() < refreshAt) return held;
    return refresh();
  }) as RefreshingProvider;

  Object.assign(provider, {
    forceRefresh(staleKeyId?: string) {
      if (inFlight) return inFlight;
      if (held && staleKeyId !== undefined && held.accessKeyId !== staleKeyId) return Promise.resolve(held);
      // A forced refresh must not fall back to the old key: the server said it is no longer valid.
      held = undefined;
      refreshAt = 0;
      return refresh();
    },
    current: () => held,
    memoized: true,
    configBound: true,
    attributed: true,
  });
  return provider;
}

function refreshTime(identity: AwsCredentialIdentity, obtainedAt: number, window: number): number {
  const expiresAt = identity.expiration?.getTime();
  if (expiresAt === undefined) return Number.POSITIVE_INFINITY;
  const lifetime = expiresAt - obtainedAt;
  return lifetime < 2 * window ? obtainedAt + lifetime / 2 : expiresAt - window;
}

function isExpired(identity: AwsCredentialIdentity, at: number): boolean {
  const expiresAt = identity.expiration?.getTime();
  return expiresAt !== undefined && expiresAt <= at;
}

/** Inside the refresh window (or expired) the moment they arrive. */
let skewWarned = false;

/** One process warning, the first time; the message says how far off the clock is, no key. */
function warnClockSkew(identity: AwsCredentialIdentity, receivedAt: number): void {
  if (skewWarned) return;
  skewWarned = true;
  const seconds = Math.round(((identity.expiration?.getTime() ?? receivedAt) - receivedAt) / 1000);
  const when = seconds <= 0 ? `${-seconds} s ago` : `in ${seconds} s`;
  process.emitWarning(
    `Credentials arrived with an Expiration ${when}: the local clock and the credential source disagree. ` +
      `sessionfleet uses them and refreshes at most every ${SKEW_REFRESH_INTERVAL_MS / 1000} s; check the system clock (NTP).`,
    { code: "SESSIONFLEET_CLOCK_SKEW" },
  );
}
