// Puts a CredentialStore in front of an AssumeRole source: a stored entry with more than the
// refresh window left is used instead of STS (so neither STS nor an MFA code is asked for);
// otherwise STS answers and the result is stored. Only assumed-role credentials pass here.
import type { AssumedIdentity } from "./assume-role.js";
import { defaultChainCaller, keysCaller, profileCaller } from "./caller-key.js";
import type { NormalizedAssumeRole } from "./assume-role-options.js";
import { DEFAULT_REFRESH_BEFORE_MS } from "./refreshing.js";
import type { CredentialSource } from "./sources.js";
import { storeKey, type CredentialStore, type CredentialStoreEntry } from "./store.js";
import { checkEntry } from "./store-entry.js";

/**
 * Who calls STS, for store keys: a digest of the base credentials as they really are, so a run
 * with the right key id (or profile name) but a wrong secret never gets what a run with the
 * right secret got. Profiles and the default chain are resolved locally (caller-key.ts): a role
 * profile is named by its role and its source's keys, so the key costs no STS call or MFA code.
 */
export function callerIdentity(source: CredentialSource, parentKey: (() => Promise<string>) | undefined, env: NodeJS.ProcessEnv = process.env): () => Promise<string> {
  if (parentKey) return async () => `role:${await parentKey()}`;
  const told = source.callerKey;
  if (told !== undefined) return async () => told;
  const load = () => source.load();
  if (source.label.startsWith("profile:")) return () => profileCaller(source.label.slice("profile:".length), env, load);
  if (source.label === "default-chain") return () => defaultChainCaller(env, load);
  // Keys (static, a provider's): the whole keys, hashed.
  return async () => keysCaller(await source.load());
}

/** What names one assumption in a store. */
export interface KeyBinding {
  caller: () => Promise<string>;
  options: NormalizedAssumeRole;
  stsRegion: () => Promise<string | undefined>;
  endpoint: string | undefined;
}

/** The store key of an assumption, computed once. */
export function storeKeyOf(binding: KeyBinding): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () => {
    key ??= (async () => {
      const o = binding.options;
      const stsRegion = await binding.stsRegion();
      return storeKey({
        caller: await binding.caller(), roleArn: o.roleArn, sessionName: o.sessionName, externalId: o.externalId, policy: o.policy,
        policyArns: o.policyArns, tags: o.tags, transitiveTagKeys: o.transitiveTagKeys, sourceIdentity: o.sourceIdentity,
        serialNumber: o.serialNumber, durationSeconds: o.durationSeconds, stsRegion, endpoint: binding.endpoint,
      });
    })();
    key.catch(() => (key = undefined));
    return key;
  };
}

/** `source`, with `store` consulted first and filled after each STS answer. */
export function withCredentialStore(source: CredentialSource, store: CredentialStore, key: () => Promise<string>, options: Pick<NormalizedAssumeRole, "roleArn" | "accountId">, now: () => number = Date.now): CredentialSource {
  // The key id this session last got from the store or STS. Asked again while it is still
  // fresh, the session is refreshing because the server refused it (ExpiredToken): not reused.
  let served: string | undefined;
  return {
    label: source.label,
    async load(): Promise<AssumedIdentity> {
      const k = await key();
      // A malformed or foreign entry is a miss: STS answers and the entry is overwritten below.
      const entry = checkEntry(await store.get(k), k, options);
      if (entry && entry.accessKeyId !== served && entry.expiration.getTime() - now() > DEFAULT_REFRESH_BEFORE_MS) {
        served = entry.accessKeyId;
        return fromEntry(entry, options);
      }
      if (entry && entry.accessKeyId === served) await store.delete(k);
      // A shared store lets one process of a fleet call STS for this key; the others get its entry.
      const lease = await store.acquire?.(k, { roleArn: options.roleArn, freshUntil: new Date(now() + DEFAULT_REFRESH_BEFORE_MS) });
      // An entry that arrives through the lease passes the same checks as one from get().
      const leased = lease ? checkEntry(lease.entry, k, options) : undefined;
      if (lease && leased && leased.accessKeyId !== served && leased.expiration.getTime() - now() > DEFAULT_REFRESH_BEFORE_MS) {
        await lease.release();
        served = leased.accessKeyId;
        return fromEntry(leased, options);
      }
      try {
        const fresh: AssumedIdentity = await source.load();
        served = fresh.accessKeyId;
        if (fresh.expiration) {
          await store.set(k, {
            accessKeyId: fresh.accessKeyId, secretAccessKey: fresh.secretAccessKey,
            ...(fresh.sessionToken !== undefined && { sessionToken: fresh.sessionToken }),
            expiration: fresh.expiration, roleArn: options.roleArn, accountId: options.accountId,
            ...(fresh.assumedRoleUser && { assumedRoleUser: fresh.assumedRoleUser }),
          });
        }
        return fresh;
      } finally {
        await lease?.release();
      }
    },
  };
}

function fromEntry(entry: CredentialStoreEntry, options: Pick<NormalizedAssumeRole, "accountId">): AssumedIdentity {
  return {
    accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey,
    ...(entry.sessionToken !== undefined && { sessionToken: entry.sessionToken }),
    expiration: entry.expiration, accountId: entry.accountId ?? options.accountId,
  };
}
