// The library's own hooks into a session, kept off the public class: fan-out worker threads read
// a session's settings, SessionManager makes children it alone owns and reads what they hold, and
// SSO fan-out makes children whose credentials come from the portal instead of STS.
import type { MetadataBearer, Pluggable } from "@smithy/types";
import type { AssumeRoleOptions } from "./credentials/assume-role-options.js";
import { callerIdentity, withCredentialStore } from "./credentials/cached-source.js";
import type { CredentialSource } from "./credentials/sources.js";
import type { CredentialStore } from "./credentials/store.js";
import { coreOf, viewOf, type CredentialSession } from "./session.js";
import { childCore, childOptions, makeCore } from "./session-core.js";

/** @internal The session's clientConfig and profile (never credentials), for fan-out worker threads. */
export function sessionSettings(session: CredentialSession): { clientConfig: Readonly<Record<string, unknown>>; profile: string | undefined; store: CredentialStore | undefined; caller: () => Promise<string> } {
  const core = coreOf(session);
  const { clientConfig, profile, store } = core;
  // Workers key their store entries as this session's children would (cached-source.ts).
  return { clientConfig, profile, store, caller: callerIdentity(core.source, core.storeKey) };
}

/**
 * For SSO fan-out (credentials/sso-role.ts): a child owned by its caller, like {@link ownedChild},
 * whose credentials come from `makeSource` instead of STS — refreshed, retried on an expired
 * answer and kept in the parent's store (under `storeKey`) exactly as an assumed role's are.
 */
export function sourcedChild(parent: CredentialSession, role: { roleArn: string; accountId: string }, makeSource: (closing: () => AbortSignal) => CredentialSource, storeKey: () => Promise<string>): CredentialSession {
  const core = coreOf(parent);
  const { store } = core;
  return viewOf(makeCore((closing) => (store ? withCredentialStore(makeSource(closing), store, storeKey, role) : makeSource(closing)), {
    pool: core.pool, ownsPool: false, clientConfig: core.clientConfig, loadedConfig: core.loadedConfig, endpoints: core.endpoints, cores: core.cores, ownsCores: false, profile: core.profile, roleArn: role.roleArn,
    storeKey, ...(store && { store }),
  }), parent.region);
}

/**
 * For SessionManager: a child session that belongs to its caller alone. It is not shared through
 * the parent's children (so closing it breaks no other user of the parent), `store` replaces the
 * parent's cache setting when given, and `plugin` goes on every client it makes.
 */
export function ownedChild(parent: CredentialSession, options: AssumeRoleOptions, own: { store?: CredentialStore | null; plugin?: Pluggable<object, MetadataBearer> } = {}): CredentialSession {
  const core = coreOf(parent);
  const normalized = childOptions(parent, core, options);
  const store = own.store === undefined ? core.store : own.store ?? undefined;
  return viewOf(childCore(parent, core, normalized, { store, ...(own.plugin && { plugin: own.plugin }) }), parent.region);
}

/** For worker threads: the run's default role session name (store keys leave a default name out). */
export function useDefaultSessionName(session: CredentialSession, name: string): void {
  coreOf(session).defaultSessionName = name;
}

/** For SessionManager: the credential store a session's children use, if any. */
export function storeOf(session: CredentialSession): CredentialStore | undefined {
  return coreOf(session).store;
}

/** For SessionManager: how many SDK clients a session holds and when its credentials expire. */
export function holdings(session: CredentialSession): { clients: number; expiresAt?: Date } {
  const core = coreOf(session);
  const expiration = core.provider.current()?.expiration;
  return { clients: core.clients.size, ...(expiration && { expiresAt: expiration }) };
}
