// The keys the sandbox knows: the management account's IAM user and every set AssumeRole issued.
import { randomBytes, timingSafeEqual } from "node:crypto";

/** Caller keys of the sandbox's IAM user (fake; the same in every sandbox so exports can be reused). */
export const ADMIN_ACCESS_KEY_ID = "AKIAFAKESANDBOXADMIN";
/** Secret of {@link ADMIN_ACCESS_KEY_ID}: a fixed fake, printed by `sandbox` exports on purpose. */
export const ADMIN_SECRET_ACCESS_KEY = "FAKEsandboxSECRETnotREAL0000000000000000";
const ADMIN_USER_ID = "AIDAFAKESANDBOXADMIN";

/** An identity behind an access key. */
export interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  arn: string;
  userId: string;
  /** Set for issued credentials. */
  expiration?: Date;
  expired: boolean;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomUpper(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** Access key → identity; issued keys expire by time or all at once. */
export class CredentialStore {
  readonly admin: Identity;
  private readonly keys = new Map<string, Identity>();

  constructor(managementAccountId: string, partition: string) {
    this.admin = {
      accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY, accountId: managementAccountId,
      arn: `arn:${partition}:iam::${managementAccountId}:user/sandbox-admin`, userId: ADMIN_USER_ID, expired: false,
    };
    this.keys.set(ADMIN_ACCESS_KEY_ID, this.admin);
  }

  lookup(accessKeyId: string): Identity | undefined {
    return this.keys.get(accessKeyId);
  }

  /** True when the session token sent matches the key's (both absent for long-term keys). */
  tokenMatches(identity: Identity, sent: string | undefined): boolean {
    if (identity.sessionToken === undefined || sent === undefined) return identity.sessionToken === sent;
    const a = Buffer.from(identity.sessionToken);
    const b = Buffer.from(sent);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  isExpired(identity: Identity, now = Date.now()): boolean {
    return identity.expired || (identity.expiration !== undefined && identity.expiration.getTime() <= now);
  }

  issue(accountId: string, roleName: string, sessionName: string, partition: string, seconds: number): Identity {
    const roleId = `AROAFAKE${randomUpper(13)}`;
    const identity: Identity = {
      accessKeyId: `ASIAFAKE${randomUpper(12)}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `FAKE${randomBytes(96).toString("base64")}`,
      accountId,
      arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      // AWS reports whole seconds; so does the sandbox, which keeps expiry checks exact.
      expiration: new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000),
      expired: false,
    };
    this.keys.set(identity.accessKeyId, identity);
    return identity;
  }

  expireAll(): void {
    for (const identity of this.keys.values()) if (identity !== this.admin) identity.expired = true;
  }
}
