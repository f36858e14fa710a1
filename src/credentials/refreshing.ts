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

/**
 * Memoizes `load` with a refresh window: the result is reused until `refreshBeforeMs` before its
 * expiration (or half its life, when it lives less than twice the window, so short-lived
 * credentials are not refreshed on every call). Concurrent callers share one in-flight load. A
 * failed early refresh keeps serving the old credentials while they are still valid.
 */
export function refreshingProvider(load: () => Promise<AwsCredentialIdentity>, options: RefreshOptions = {}): RefreshingProvider {
  const now = options.now ?? Date.now;
  const window = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  let held: AwsCredentialIdentity | undefined;
  let refreshAt = 0;
  let inFlight: Promise<AwsCredentialIdentity> | undefined;

  const refresh = (): Promise<AwsCredentialIdentity> => {
    inFlight ??= (async () => {
      const obtainedAt = now();
      try {
        const fresh = await load();
        held = fresh;
        refreshAt = refreshTime(fresh, obtainedAt, window);
        return fresh;
      } catch (error) {
        if (held && !isExpired(held, now())) return held;
        throw error;
      } finally {
        inFlight = undefined;
      }
    })();
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
