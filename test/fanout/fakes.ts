// A fake CredentialSession for unit tests: records calls, lets a test refuse roles, hold STS
// calls, and checks that closed children are not used again.
import { FleetError } from "../../src/errors.js";
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
  const children = new Map<string, FakeChild>();
  interface FakeChild { closed: boolean; credentials?: Promise<typeof FAKE_CREDENTIALS> }

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
    assumeRole(o: FanOutAssumeRoleOptions) {
      log.assumeRole.push(o);
      let c = children.get(o.roleArn);
      if (!c) {
        c = { closed: false };
        children.set(o.roleArn, c);
      }
      return make(region, o.roleArn, c);
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
      if (roleArn !== undefined && child) {
        child.closed = true;
        children.delete(roleArn);
        log.closed.push(roleArn);
      }
    },
  });
  const session = make("region" in options ? options.region : "us-east-1", undefined, undefined);
  return { session: session as unknown as CredentialSession, log };
}

/** account ids 100000000001, 100000000002, … */
export function accountIds(n: number, base = 100000000000): string[] {
  return Array.from({ length: n }, (_, i) => String(base + i + 1));
}
