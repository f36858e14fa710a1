// The slice of CredentialSession that fan-out uses. Structural so unit tests can pass fakes;
// a CredentialSession satisfies it.
import type { AwsCredentialIdentity } from "@smithy/types";

/** Options fan-out passes to `session.assumeRole`. */
export interface FanOutAssumeRoleOptions {
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  durationSeconds?: number;
}

/** A session as fan-out needs it (CredentialSession implements it). */
export interface FanOutSession {
  readonly region: string | undefined;
  client<C>(ClientClass: new (...args: never[]) => C, overrides?: { region?: string; [key: string]: unknown }): C;
  withRegion(region: string): FanOutSession;
  assumeRole(options: FanOutAssumeRoleOptions): FanOutSession;
  getCredentials(): Promise<AwsCredentialIdentity>;
  identity(): Promise<{ accountId: string; arn: string; userId: string }>;
  close(): Promise<void>;
}
