// SessionManager: keyed child sessions for services that reach many accounts, with metadata,
// idle expiry and an LRU bound, and never a close under a call in flight.
import { emitWarning } from "node:process";
import type { MetadataBearer, Pluggable } from "@smithy/types";
import { FleetError, invalidInput } from "./errors.js";
import { normalizeAssumeRole } from "./credentials/assume-role-options.js";
import { checkCacheOption, MemoryCredentialStore, resolveCredentialStore, type CredentialStore } from "./credentials/store.js";
import type { EvictReason, ManagedSessionInfo, ManagedTarget, SessionManagerOptions, SessionManagerStats } from "./manager-types.js";
import { CredentialSession } from "./session.js";
import { holdings, ownedChild, storeOf } from "./session-internals.js";
import { checkOptionsObject, checkPositiveInteger, checkRegion } from "./validate.js";
import { nodeCrypto } from "./node-builtins.js";

export type { EvictReason, ManagedSessionInfo, ManagedTarget, SessionManagerOptions, SessionManagerStats } from "./manager-types.js";

interface Slot {
  key: string;
  accountId: string;
  roleArn: string;
  session: CredentialSession;
  createdAt: number;
  lastUsedAt: number;
  uses: number;
  inFlight: number;
  /** Set once evicted with calls in flight: resolves the wait when the last one ends. */
  drained?: () => void;
  /** Called when its last call in flight ends while it is held: a bound overrun may now shrink. */
  idle?: () => void;
}

const OPTION_NAMES = ["base", "maxSessions", "idleTimeoutMs", "cache", "onEvict"] as const;
const TARGET_NAMES = ["accountId", "role", "externalId", "sessionName", "region"] as const;

/**
 * Holds one child session per (role, session name, external id) for a service that reaches many
 * accounts: `get()` makes it on first use (concurrent first uses share one, and one AssumeRole),
 * `entries()` lists them with metadata, idle ones close after `idleTimeoutMs`, and above
 * `maxSessions` the least recently used idle one closes. A session with an SDK call in flight is
 * never evicted for capacity: while every session is busy the count runs over the bound
 * (`stats().overCapacity`) and comes back as calls end. Evicted sessions' credentials stay in the
 * manager's store (the `cache` option, else the base's store, else one in memory), so a tenant
 * that returns makes no AssumeRole while they are fresh. Timers are unref'd.
 *
 * @example
 * ```ts
 * import { CredentialSession, SessionManager } from "sessionfleet";
 * import { RDSClient, DescribeOptionGroupsCommand } from "@aws-sdk/client-rds";
 * const base = new CredentialSession({ region: "us-east-1" });
 * const manager = new SessionManager({ base, maxSessions: 100, idleTimeoutMs: 15 * 60_000 });
 * try {
 *   const tenant = manager.get({ accountId: "111111111111", role: "TenantAccess", externalId: "tenant-42" });
 *   await tenant.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
 * } finally {
 *   await manager.close(); // Node 24+: `await using manager = ...` instead of try/finally
 * }
 * ```
 */
export class SessionManager {
  readonly #base: CredentialSession;
  readonly #max: number;
  readonly #idleMs: number;
  /** Where managed sessions keep credentials, so an evicted tenant's outlive its session. */
  readonly #store: CredentialStore;
  readonly #onEvict: SessionManagerOptions["onEvict"];
  /** In least-recently-used order: get() moves a slot to the end. */
  readonly #slots = new Map<string, Slot>();
  readonly #draining = new Set<Promise<void>>();
  readonly #sessionName = `sessionfleet-${Math.floor(Date.now() / 1000)}`;
  readonly #drainingSlots = new Set<Slot>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #latest: Slot | undefined;
  #closed = false;
  #created = 0;
  #reused = 0;
  readonly #evicted: Record<EvictReason, number> = { idle: 0, capacity: 0, closed: 0 };

  constructor(options: SessionManagerOptions) {
    const o = checkOptionsObject(options, "SessionManager options", OPTION_NAMES) as unknown as SessionManagerOptions;
    if (!(o.base instanceof CredentialSession)) throw invalidInput("base", o.base === undefined ? undefined : "(not a CredentialSession)", "a CredentialSession");
    if (o.onEvict !== undefined && typeof o.onEvict !== "function") throw invalidInput("onEvict", typeof o.onEvict, "a function (entry, reason) => void");
    this.#base = o.base;
    this.#max = o.maxSessions === undefined ? 1000 : checkPositiveInteger(o.maxSessions, "maxSessions", 1_000_000);
    const idleMs = o.idleTimeoutMs ?? 10 * 60_000;
    this.#idleMs = idleMs === Number.POSITIVE_INFINITY ? idleMs : checkPositiveInteger(idleMs, "idleTimeoutMs");
    const cache = checkCacheOption(o.cache);
    // "memory" (or no store anywhere) is a store of the manager's own: memory of this process.
    this.#store = (cache === undefined ? storeOf(o.base) : resolveCredentialStore(cache)) ?? new MemoryCredentialStore();
    this.#onEvict = o.onEvict;
  }

  /** The session for a target (a role ARN, or `{ accountId, role, ... }`), made on first use. */
  get(target: ManagedTarget | string): CredentialSession {
    if (this.#closed) throw new FleetError("ERR_INVALID_INPUT", "This SessionManager is closed; make a new one.", { option: "manager" });
    const t = typeof target === "string" ? { role: target } : (checkOptionsObject(target, "target", TARGET_NAMES) as unknown as ManagedTarget);
    const region = t.region === undefined ? this.#base.region : checkRegion(t.region, "region");
    const isArn = typeof t.role === "string" && t.role.startsWith("arn:");
    const options = normalizeAssumeRole(
      { ...(isArn ? { roleArn: t.role } : { accountId: t.accountId, roleName: t.role }), ...(t.externalId !== undefined && { externalId: t.externalId }), ...(t.sessionName !== undefined && { sessionName: t.sessionName }) },
      { sessionName: this.#sessionName, region },
    );
    if (isArn && t.accountId !== undefined && t.accountId !== options.accountId) throw invalidInput("accountId", t.accountId, `the account of role ${options.roleArn}, or no accountId`);
    const key = `${options.roleArn}/${options.sessionName}${options.externalId === undefined ? "" : `#${nodeCrypto().createHash("sha256").update(options.externalId).digest("hex").slice(0, 8)}`}`;
    const now = Date.now();
    let slot = this.#slots.get(key);
    if (slot) {
      this.#slots.delete(key);
      this.#reused++;
    } else {
      slot = { key, accountId: options.accountId, roleArn: options.roleArn, createdAt: now, lastUsedAt: now, uses: 0, inFlight: 0 } as Slot;
      const assume = { roleArn: options.roleArn, sessionName: options.sessionName, ...(options.externalId !== undefined && { externalId: options.externalId }) };
      slot.session = ownedChild(this.#base, assume, { store: this.#store, plugin: inFlightPlugin(slot) });
      // The session get() returned last is spared: its caller may not have started its call yet.
      slot.idle = () => this.#slots.get(key) === slot && this.#enforceCapacity(this.#latest);
      this.#created++;
    }
    this.#slots.set(key, slot);
    this.#latest = slot;
    slot.uses++;
    slot.lastUsedAt = now;
    this.#enforceCapacity(slot);
    this.#startTimer();
    return region === this.#base.region ? slot.session : slot.session.withRegion(region!);
  }

  /** The live sessions, least recently used first. */
  *entries(): IterableIterator<ManagedSessionInfo> {
    for (const slot of this.#slots.values()) yield info(slot);
  }

  stats(): SessionManagerStats {
    let inFlight = 0;
    for (const slot of [...this.#slots.values(), ...this.#drainingSlots]) inFlight += slot.inFlight;
    return {
      sessions: this.#slots.size, overCapacity: Math.max(0, this.#slots.size - this.#max), draining: this.#drainingSlots.size, created: this.#created, reused: this.#reused,
      evicted: { ...this.#evicted }, inFlight, maxSessions: this.#max, idleTimeoutMs: this.#idleMs,
    };
  }

  /** Closes every session (each after its calls in flight end); the base session stays open. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimer();
    for (const slot of [...this.#slots.values()]) this.#evict(slot, "closed");
    await Promise.all(this.#draining);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Evicts least recently used idle sessions down to the bound; busy ones stay (over the bound). */
  #enforceCapacity(keep?: Slot): void {
    if (this.#slots.size <= this.#max) return;
    for (const slot of [...this.#slots.values()]) {
      if (this.#slots.size <= this.#max) return;
      if (slot !== keep && slot.inFlight === 0) this.#evict(slot, "capacity");
    }
  }

  #sweep(): void {
    const before = Date.now() - this.#idleMs;
    for (const slot of [...this.#slots.values()]) if (slot.inFlight === 0 && slot.lastUsedAt <= before) this.#evict(slot, "idle");
    if (this.#slots.size === 0) this.#stopTimer();
  }

  #evict(slot: Slot, reason: EvictReason): void {
    this.#slots.delete(slot.key);
    this.#evicted[reason]++;
    try {
      this.#onEvict?.(info(slot), reason);
    } catch (error) {
      emitWarning(`SessionManager onEvict threw: ${error instanceof Error ? error.message : String(error)}`, "SessionfleetWarning");
    }
    if (slot.inFlight === 0) {
      void slot.session.close();
      return;
    }
    // Calls in flight: the session leaves the manager now and closes when the last one ends.
    this.#drainingSlots.add(slot);
    const done = new Promise<void>((resolve) => (slot.drained = resolve)).then(() => {
      this.#drainingSlots.delete(slot);
      this.#draining.delete(done);
      return slot.session.close();
    });
    this.#draining.add(done);
  }

  #startTimer(): void {
    if (this.#timer || this.#idleMs === Number.POSITIVE_INFINITY) return;
    // Checked twice per timeout (at most every 30 s), so a session closes within 1.5 × idleTimeoutMs.
    this.#timer = setInterval(() => this.#sweep(), Math.max(1, Math.min(this.#idleMs, 60_000) / 2));
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

function info(slot: Slot): ManagedSessionInfo {
  const held = holdings(slot.session);
  return {
    key: slot.key, accountId: slot.accountId, roleArn: slot.roleArn, createdAt: new Date(slot.createdAt), lastUsedAt: new Date(slot.lastUsedAt),
    ...(held.expiresAt && { expiresAt: held.expiresAt }), uses: slot.uses, inFlight: slot.inFlight, clients: held.clients,
  };
}

// Counts every SDK call of the session's clients, from the first middleware step (before
// credentials are resolved) to its end, retries included.
function inFlightPlugin(slot: Slot): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.add((next) => async (args) => {
        slot.inFlight++;
        slot.lastUsedAt = Date.now();
        try {
          return await next(args);
        } finally {
          slot.inFlight--;
          slot.lastUsedAt = Date.now();
          if (slot.inFlight === 0) {
            if (slot.drained) slot.drained();
            else slot.idle?.();
          }
        }
      }, { step: "initialize", priority: "high", name: "sessionfleetManagerInFlight", override: true });
    },
  };
}
