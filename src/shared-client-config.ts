// Every new SDK client runs ~8 loaders (FIPS, dual-stack, max attempts, retry mode, auth scheme
// preference, SigV4a region set, app id, defaults mode) that each look in the environment and
// then the shared config files, throwing and catching a ProviderError per miss. For a fan-out that
// makes one client per (account, region), that was the largest CPU cost we could remove. The SDK's
// own loaders return memoized providers, so one set made per session and handed to all of its
// clients (and its children's) is evaluated once, with exactly the SDK's precedence.
import type * as AwsClient from "@aws-sdk/core/client";
import type * as AwsAuth from "@aws-sdk/core/httpAuthSchemes";
import type * as Config from "@smithy/core/config";
import type * as Retry from "@smithy/core/retry";
import { sdkRequire } from "./sdk-require.js";

type AwsClientModule = typeof AwsClient;
type AwsAuthModule = typeof AwsAuth;
type ConfigModule = typeof Config;
type RetryModule = typeof Retry;

export type SharedClientConfig = Readonly<Record<string, unknown>>;

export function sharedClientConfig(profile: string | undefined): SharedClientConfig {
  const { NODE_APP_ID_CONFIG_OPTIONS } = sdkRequire("@aws-sdk/core/client") as AwsClientModule;
  const { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, NODE_SIGV4A_CONFIG_OPTIONS } = sdkRequire("@aws-sdk/core/httpAuthSchemes") as AwsAuthModule;
  const { loadConfig, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, resolveDefaultsModeConfig } = sdkRequire("@smithy/core/config") as ConfigModule;
  const { DEFAULT_RETRY_MODE, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS } = sdkRequire("@smithy/core/retry") as RetryModule;
  const init = profile === undefined ? {} : { profile };
  return {
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, init),
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, init),
    maxAttempts: loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, init),
    retryMode: loadConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: DEFAULT_RETRY_MODE }, init),
    authSchemePreference: loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, init),
    sigv4aSigningRegionSet: loadConfig(NODE_SIGV4A_CONFIG_OPTIONS, init),
    userAgentAppId: loadConfig(NODE_APP_ID_CONFIG_OPTIONS, init),
    defaultsMode: resolveDefaultsModeConfig(),
  };
}
