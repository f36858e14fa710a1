// A fake CredentialSession for unit tests: records calls, lets a test refuse roles and hold STS
// calls. Children are shared the way real sessions share them: `assumeRole` with the same options
// returns the same child (one credential load, one client per class and region); `close()` aborts
// its credential load in flight, destroys its clients and drops it from its parent's cache; a
// closed child works again afterwards, with new clients and a new load. Use of a child after it
// was closed is logged (`usedAfterClose`) so tests can check that nobody did.
import { FleetError } from "../../src/errors.js";
import { unsharedChild } from "../../src/unshared-child.js";
import type { CredentialSession } from "../../src/session.js";

interface FanOutAssumeRoleOptions {
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  durationSeconds?: number;
}

// The slice of CredentialSession fan-out uses; the fake implements it and is cast.
interface FanOutSession {
  readonly region: string | undefined;
  client<C>(ClientClass: new (...args: never) => C, overrides?: { region?: string }): C;
  withRegion(region: string): FanOutSession;
  assumeRole(options: FanOutAssumeRoleOptions): FanOutSession;
  [unsharedChild](options: FanOutAssumeRoleOptions): FanOutSession;
  getCredentials(): Promise<typeof FAKE_CREDENTIALS>;
  identity(): Promise<{ accountId: string; arn: string; userId: string }>;
  close(): Promise<void>;
}

export interface FakeLog {
  assumeRole: FanOutAssumeRoleOptions[];
  /** Role ARN of every credential load (one STS AssumeRole each). */
  getCredentials: string[];
  identity: number;
  closed: string[];
  clients: number;
  /** Role ARNs of children used (client, credentials) after they were closed. */
  usedAfterClose: string[];
}

export interface FakeOptions {
  region?: string | undefined;
  accountId?: string;
  /** Role ARNs whose AssumeRole is refused. */
  refuse?: readonly string[];
  /** Resolves credentials for a role when it returns; default: at once. `signal` aborts when the child is closed (the load then rejects). */
  credentialsDelay?: (roleArn: string, signal: AbortSignal) => Promise<void>;
  identityError?: unknown;
  /** Called when a client is made: lets tests inject clients for discovery. */
  makeClient?: (ClientClass: new (...args: never) => unknown, region: string | undefined, roleArn: string | undefined) => unknown;
}

export const FAKE_CREDENTIALS = { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret-FAKE" };

interface FakeChild {
  roleArn: string;
  key: string;
  closed: boolean;
  closing: AbortController;
  clients: Map<string, unknown>;
  credentials?: Promise<typeof FAKE_CREDENTIALS>;
}

/** The cache key of a child, as the real session's (the options that change the STS call). */
const childKey = (o: FanOutAssumeRoleOptions): string => JSON.stringify([o.roleArn, o.sessionName, o.externalId, o.durationSeconds]);

export function fakeSession(options: FakeOptions = {}): { session: CredentialSession; log: FakeLog } {
  const log: FakeLog = { assumeRole: [], getCredentials: [], identity: 0, closed: [], clients: 0, usedAfterClose: [] };
  const children = new Map<string, FakeChild>();
  const baseClients = new Map<string, unknown>();

  const load = async (child: FakeChild): Promise<typeof FAKE_CREDENTIALS> => {
    log.getCredentials.push(child.roleArn);
    const signal = child.closing.signal;
    const aborted = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error(`AbortError: ${child.roleArn} closed`)), { once: true }));
    await Promise.race([options.credentialsDelay?.(child.roleArn, signal), aborted]);
    if (options.refuse?.includes(child.roleArn)) {
      throw new FleetError("ERR_ASSUME_ROLE", `AccessDenied: not allowed to assume ${child.roleArn}`, { roleArn: child.roleArn, stage: "assume-role" });
    }
    return FAKE_CREDENTIALS;
  };

  const newChild = (o: FanOutAssumeRoleOptions): FakeChild => ({ roleArn: o.roleArn, key: childKey(o), closed: false, closing: new AbortController(), clients: new Map() });

  const make = (region: string | undefined, child: FakeChild | undefined): FanOutSession => ({
    region,
    client<C>(ClientClass: new (...args: never) => C, overrides?: { region?: string }) {
      if (child?.closed) log.usedAfterClose.push(child.roleArn);
      const clients = child?.clients ?? baseClients;
      const r = overrides?.region ?? region;
      const key = `${ClassName(ClientClass)}|${r ?? ""}`;
      let made = clients.get(key);
      if (!made) {
        log.clients++;
        made = options.makeClient?.(ClientClass as never, r, child?.roleArn) ?? { region: r, roleArn: child?.roleArn };
        clients.set(key, made);
      }
      return made as C;
    },
    withRegion(r: string) {
      return make(r, child);
    },
    assumeRole(o: FanOutAssumeRoleOptions) {
      log.assumeRole.push(o);
      let c = children.get(childKey(o));
      if (!c) {
        c = newChild(o);
        children.set(c.key, c);
      }
      return make(region, c);
    },
    [unsharedChild](o: FanOutAssumeRoleOptions) {
      log.assumeRole.push(o);
      return make(region, newChild(o));
    },
    getCredentials() {
      if (child === undefined) return Promise.resolve(FAKE_CREDENTIALS);
      if (child.closed) log.usedAfterClose.push(child.roleArn);
      const current = child;
      const loading = (child.credentials ??= load(child));
      loading.catch(() => {
        if (current.credentials === loading) current.credentials = undefined;
      });
      return loading;
    },
    async identity() {
      log.identity++;
      if (options.identityError !== undefined) throw options.identityError;
      const accountId = options.accountId ?? "999999999999";
      return { accountId, arn: `arn:aws:iam::${accountId}:user/fake`, userId: "AIDAFAKE" };
    },
    async close() {
      if (!child) return;
      child.closed = true;
      child.closing.abort();
      child.closing = new AbortController();
      child.credentials = undefined;
      child.clients.clear();
      if (children.get(child.key) === child) children.delete(child.key);
      log.closed.push(child.roleArn);
    },
  });
  const session = make("region" in options ? options.region : "us-east-1", undefined);
  return { session: session as unknown as CredentialSession, log };
}

const ClassName = (ClientClass: new (...args: never) => unknown): string => ClientClass.name || "anonymous";

/** account ids 100000000001, 100000000002, … */
export function accountIds(n: number, base = 100000000000): string[] {
  return Array.from({ length: n }, (_, i) => String(base + i + 1));
}
