// A fake CredentialSession for unit tests: records calls, lets a test refuse roles, hold STS
// calls, and checks that closed children are not used again.
import { assumeRoleKey, normalizeAssumeRole } from "../../src/credentials/assume-role-options.js";
import { FleetError } from "../../src/errors.js";
import type { CredentialSession } from "../../src/session.js";

// Children are shared the way CredentialSession.assumeRole shares them: per parent (one cache for
// all of the parent's region views), keyed by the normalised options, so a string ARN and
// { roleArn } with the same options are one child, whoever asked for it (the caller or fanOut);
// the parent's default session name is fixed once. Closing a child closes its own children and
// takes it out of its parent's cache (src/session.ts closeCore).
interface ChildCache { children: Map<string, FakeChild>; defaultSessionName?: string }
interface FakeChild extends ChildCache { closed: boolean; parent: ChildCache; key: string; roleArn: string; credentials?: Promise<typeof FAKE_CREDENTIALS> }
const fnIds = new WeakMap<object, number>();
let nextFnId = 0;
const fnId = (fn: object): number => fnIds.get(fn) ?? (fnIds.set(fn, ++nextFnId), nextFnId);

function childOf(parent: ChildCache, input: string | FanOutAssumeRoleOptions, region: string | undefined): FakeChild {
  parent.defaultSessionName ??= `sessionfleet-${Math.floor(Date.now() / 1000)}`;
  const options = normalizeAssumeRole(input, { sessionName: parent.defaultSessionName, region });
  const key = assumeRoleKey(options, fnId);
  let child = parent.children.get(key);
  if (!child) {
    child = { closed: false, parent, key, roleArn: options.roleArn, children: new Map() };
    parent.children.set(key, child);
  }
  return child;
}

function closeChild(child: FakeChild, closed: string[]): void {
  for (const c of child.children.values()) closeChild(c, closed);
  child.children.clear();
  child.closed = true;
  if (child.parent.children.get(child.key) === child) child.parent.children.delete(child.key);
  closed.push(child.roleArn);
}

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
  assumeRole(options: string | FanOutAssumeRoleOptions): FanOutSession;
  getCredentials(): Promise<typeof FAKE_CREDENTIALS>;
  identity(): Promise<{ accountId: string; arn: string; userId: string }>;
  close(): Promise<void>;
}

export interface FakeLog {
  assumeRole: FanOutAssumeRoleOptions[];
  getCredentials: string[];
  identity: number;
  closed: string[];
  clients: number;
}

export interface FakeOptions {
  region?: string | undefined;
  accountId?: string;
  /** Role ARNs whose AssumeRole is refused. */
  refuse?: readonly string[];
  /** Resolves credentials for a role when it returns; default: at once. */
  credentialsDelay?: (roleArn: string) => Promise<void>;
  identityError?: unknown;
  /** Called when a client is made: lets tests inject clients for discovery. */
  makeClient?: (ClientClass: new (...args: never) => unknown, region: string | undefined, roleArn: string | undefined) => unknown;
}

export const FAKE_CREDENTIALS = { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret-FAKE" };

export function fakeSession(options: FakeOptions = {}): { session: CredentialSession; log: FakeLog } {
  const log: FakeLog = { assumeRole: [], getCredentials: [], identity: 0, closed: [], clients: 0 };
  const root: ChildCache = { children: new Map() };

  const make = (region: string | undefined, roleArn: string | undefined, child: FakeChild | undefined): FanOutSession => ({
    region,
    client<C>(ClientClass: new (...args: never) => C, overrides?: { region?: string }) {
      if (child?.closed) throw new Error(`client() on closed child ${roleArn}`);
      log.clients++;
      const made = options.makeClient?.(ClientClass as never, overrides?.region ?? region, roleArn);
      return (made ?? { region: overrides?.region ?? region, roleArn }) as C;
    },
    withRegion(r: string) {
      return make(r, roleArn, child);
    },
    assumeRole(o: string | FanOutAssumeRoleOptions) {
      log.assumeRole.push(typeof o === "string" ? { roleArn: o } : o);
      const c = childOf(child ?? root, o, region);
      return make(region, c.roleArn, c);
    },
    getCredentials() {
      if (roleArn === undefined || child === undefined) return Promise.resolve(FAKE_CREDENTIALS);
      if (child.closed) return Promise.reject(new Error(`getCredentials() on closed child ${roleArn}`));
      child.credentials ??= (async () => {
        log.getCredentials.push(roleArn);
        await options.credentialsDelay?.(roleArn);
        if (options.refuse?.includes(roleArn)) {
          throw new FleetError("ERR_ASSUME_ROLE", `AccessDenied: not allowed to assume ${roleArn}`, { roleArn, stage: "assume-role" });
        }
        return FAKE_CREDENTIALS;
      })();
      return child.credentials;
    },
    async identity() {
      log.identity++;
      if (options.identityError !== undefined) throw options.identityError;
      const accountId = options.accountId ?? "999999999999";
      return { accountId, arn: `arn:aws:iam::${accountId}:user/fake`, userId: "AIDAFAKE" };
    },
    async close() {
      if (roleArn !== undefined && child) closeChild(child, log.closed);
    },
  });
  const session = make("region" in options ? options.region : "us-east-1", undefined, undefined);
  return { session: session as unknown as CredentialSession, log };
}

/** account ids 100000000001, 100000000002, … */
export function accountIds(n: number, base = 100000000000): string[] {
  return Array.from({ length: n }, (_, i) => String(base + i + 1));
}
