// The environment of one `exec` child: the parent's, less every variable through which an AWS SDK
// or CLI could find other credentials (or another profile, region or endpoint), plus the target's.
import type { AwsCredentialIdentity } from "@smithy/types";
import type { ServedCredentials } from "./credential-server.js";

/** What the child must know about its target. */
export interface TargetEnv {
  accountId: string;
  accountName?: string;
  region: string;
  roleArn?: string;
  /** The endpoint the run sends to (--endpoint-url, --sandbox), passed on as AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Static keys for the child... */
  credentials?: AwsCredentialIdentity;
  /** ...or a credential endpoint it refreshes from (--serve-credentials). */
  served?: ServedCredentials;
}

// Where the SDKs' default chains look for credentials or a profile (env, SSO, web identity,
// container and process providers), per the AWS SDKs and Tools reference guide's "Environment
// variables" list; a child must not fall back to any of them.
const INHERITED_CREDENTIAL_VARIABLES = [
  "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION", "AWS_ACCOUNT_ID", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_REGION", "AWS_DEFAULT_REGION", "SESSIONFLEET_MFA_CODE",
];

/** The child's environment. */
export function childEnv(parent: Record<string, string | undefined>, target: TargetEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined && !INHERITED_CREDENTIAL_VARIABLES.includes(key) && !key.startsWith("SESSIONFLEET_")) env[key] = value;
  }
  if (target.credentials) {
    env.AWS_ACCESS_KEY_ID = target.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = target.credentials.secretAccessKey;
    if (target.credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = target.credentials.sessionToken;
  }
  if (target.served) Object.assign(env, target.served);
  env.AWS_REGION = target.region;
  env.AWS_DEFAULT_REGION = target.region;
  if (target.endpoint !== undefined) env.AWS_ENDPOINT_URL = target.endpoint;
  env.SESSIONFLEET_ACCOUNT_ID = target.accountId;
  if (target.accountName !== undefined) env.SESSIONFLEET_ACCOUNT_NAME = target.accountName;
  if (target.roleArn !== undefined) env.SESSIONFLEET_ROLE_ARN = target.roleArn;
  return env;
}
