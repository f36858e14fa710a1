// The environment of one `exec` child: the parent's, less every AWS_* variable through which an
// SDK or CLI could find other credentials, another profile, region, endpoint or an instance role,
// plus the target's. Each SDK's default chain reads the shared files before the container
// endpoint (SDK for JavaScript v3 defaultProvider: env, SSO, ini, process, web identity,
// container/IMDS; botocore credentials.py create_credential_resolver: env, assume-role, ...,
// shared-credentials-file, config-file, container-role, iam-role), so the child's
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point at empty files the run owns, and IMDS
// is switched off (AWS_EC2_METADATA_DISABLED, honoured by botocore and the JS SDK).
import type { AwsCredentialIdentity } from "@smithy/types";
import type { ServedCredentials } from "./credential-server.js";

/** What the child must know about its target. */
export interface TargetEnv {
  accountId: string;
  accountName?: string;
  region: string;
  roleArn?: string;
  /** The endpoints the run resolved (exec-endpoints.ts): AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>. */
  endpoints?: Record<string, string>;
  /** The run's own empty shared files (exec-files.ts). */
  files: { config: string; credentials: string };
  /** Static keys for the child... */
  credentials?: AwsCredentialIdentity;
  /** ...or a credential endpoint it refreshes from (--serve-credentials). */
  served?: ServedCredentials;
}

// AWS_* settings that change how a client behaves but not who it is or where it sends: passed
// on. Every other AWS_* variable (AWS SDKs and Tools reference guide, "Environment variables":
// profiles, keys, SSO, web identity, container and IMDS endpoints, config files, endpoints,
// region) is removed, and the ones the child needs are set below.
const KEPT_AWS_VARIABLES = new Set([
  "AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_DEFAULTS_MODE", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
  "AWS_STS_REGIONAL_ENDPOINTS", "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "AWS_NODEJS_CONNECTION_REUSE_ENABLED", "AWS_PAGER",
]);
const kept = (key: string): boolean => !key.startsWith("AWS_") || KEPT_AWS_VARIABLES.has(key) || key.startsWith("AWS_SDK_");

/** The child's environment. */
export function childEnv(parent: Record<string, string | undefined>, target: TargetEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined && kept(key) && !key.startsWith("SESSIONFLEET_")) env[key] = value;
  }
  env.AWS_CONFIG_FILE = target.files.config;
  env.AWS_SHARED_CREDENTIALS_FILE = target.files.credentials;
  env.AWS_EC2_METADATA_DISABLED = "true";
  if (target.credentials) {
    env.AWS_ACCESS_KEY_ID = target.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = target.credentials.secretAccessKey;
    if (target.credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = target.credentials.sessionToken;
  }
  if (target.served) Object.assign(env, target.served);
  env.AWS_REGION = target.region;
  env.AWS_DEFAULT_REGION = target.region;
  Object.assign(env, target.endpoints);
  env.SESSIONFLEET_ACCOUNT_ID = target.accountId;
  if (target.accountName !== undefined) env.SESSIONFLEET_ACCOUNT_NAME = target.accountName;
  if (target.roleArn !== undefined) env.SESSIONFLEET_ROLE_ARN = target.roleArn;
  return env;
}
