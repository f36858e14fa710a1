// Role chaining: an AssumeRole signed with the credentials of a role session. STS caps such a
// session at one hour and FAILS a request for more (HTTP 400 ValidationError "The requested
// DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."); it does
// not clamp. AWS: STS API Reference, AssumeRole, "DurationSeconds"; IAM User Guide, "Roles terms
// and concepts", "Role chaining".
//
// How we tell that a session's credentials are a role session:
// - the session is an `assumeRole` child: known before anything is loaded;
// - otherwise, from the credentials the parent resolves (loaded anyway to sign the AssumeRole):
//   the SDK's providers mark them in `$source` (@aws-sdk/types AwsSdkCredentialsFeatures) when
//   they came from STS AssumeRole (role profiles: role_arn + source_profile/credential_source,
//   fromTemporaryCredentials), AssumeRoleWithWebIdentity / SAML, or IAM Identity Center (SSO role
//   credentials). Our own children mark theirs the same way. Credentials with only a session
//   token (GetSessionToken, static keys with a token) are not a role session and are not capped.
import type { AwsCredentialIdentity } from "@smithy/types";
import { invalidInput, type FleetError } from "../errors.js";

/** The longest DurationSeconds STS accepts in a role chain. */
export const ROLE_CHAINING_MAX_SECONDS = 3600;

/** `$source` feature → what the credentials are, for the error message. */
const ROLE_SOURCES: Record<string, string> = {
  CREDENTIALS_STS_ASSUME_ROLE: "STS AssumeRole (a role profile or an assumed role)",
  CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: "STS AssumeRoleWithWebIdentity",
  CREDENTIALS_STS_ASSUME_ROLE_SAML: "STS AssumeRoleWithSAML",
  CREDENTIALS_SSO: "IAM Identity Center (SSO) role credentials",
  CREDENTIALS_SSO_LEGACY: "IAM Identity Center (SSO) role credentials",
  CREDENTIALS_PROFILE_SSO: "IAM Identity Center (SSO) role credentials",
  CREDENTIALS_PROFILE_SSO_LEGACY: "IAM Identity Center (SSO) role credentials",
};

type Attributed = AwsCredentialIdentity & { $source?: Record<string, string> };

/** What role session the credentials come from, or undefined for user/unknown credentials. */
export function roleSessionOf(identity: AwsCredentialIdentity): string | undefined {
  const features = (identity as Attributed).$source;
  if (features === null || typeof features !== "object") return undefined;
  for (const feature of Object.keys(features)) if (ROLE_SOURCES[feature] !== undefined) return ROLE_SOURCES[feature];
  return undefined;
}

/** Marks credentials we obtained through AssumeRole, as the SDK's own role assumer does ("i"). */
export function markAssumed<T extends AwsCredentialIdentity>(identity: T): T {
  const attributed = identity as T & { $source?: Record<string, string> };
  attributed.$source = { ...attributed.$source, CREDENTIALS_STS_ASSUME_ROLE: "i" };
  return identity;
}

/** The error for a chained assumption that asks for more than one hour; `from` says why it is chained. */
export function chainedDurationError(durationSeconds: number, from: string): FleetError {
  return invalidInput(
    "durationSeconds",
    durationSeconds,
    `at most ${ROLE_CHAINING_MAX_SECONDS}: this is role chaining (the calling credentials are ${from}), and STS fails a chained AssumeRole that asks for more than one hour (omit durationSeconds for its 3600 s default)`,
  );
}

/** Throws before any call when a chained assumption asks for more than one hour. */
export function checkChainedDuration(durationSeconds: number | undefined, from: string): void {
  if (durationSeconds !== undefined && durationSeconds > ROLE_CHAINING_MAX_SECONDS) throw chainedDurationError(durationSeconds, from);
}
