// The endpoint a profile configures for a service (`endpoint_url`, or the `services` section it
// names), read exactly as the SDK reads it for AWS_PROFILE, but for the session's own profile.
// The SDK's getEndpointFromConfig(serviceId) (@smithy/core 3.41, dist-es/submodules/endpoints/
// middleware-endpoint/adaptors/getEndpointFromConfig.js and getEndpointUrlConfig.js) calls
// loadConfig() with no profile, so only AWS_PROFILE is honoured; these selectors are copied from
// there and loaded with `{ profile }`. The result is handed to the client as the
// `serviceConfiguredEndpoint` provider the SDK's endpoint middleware asks first (it is only asked
// when no endpoint was given in code and `ignoreConfiguredEndpointUrls` is not set).
import type * as Config from "@smithy/core/config";
import { sdkRequire } from "./sdk-require.js";
import { warnIfInsecureEndpoint } from "./insecure-endpoint.js";

type ConfigModule = typeof Config;
type Profile = Record<string, string | undefined>;
type ParsedConfig = Record<string, Profile | undefined>;

function endpointUrlSelectors(serviceId: string, separator: string): Parameters<ConfigModule["loadConfig"]>[0] {
  return {
    environmentVariableSelector: (env: Record<string, string | undefined>) =>
      env[["AWS_ENDPOINT_URL", ...serviceId.split(" ").map((w) => w.toUpperCase())].join("_")] || env.AWS_ENDPOINT_URL || undefined,
    configFileSelector: (profile: Profile, config?: ParsedConfig) => {
      if (profile.services) {
        const section = config?.[["services", profile.services].join(separator)];
        if (!section) throw new Error(`The services section "${profile.services}" specified in the profile is not present in the shared configuration file.`);
        const url = section[[serviceId.split(" ").map((w) => w.toLowerCase()).join("_"), "endpoint_url"].join(separator)];
        if (url) return url;
      }
      return profile.endpoint_url || undefined;
    },
    default: undefined,
  } as Parameters<ConfigModule["loadConfig"]>[0];
}

/** The configured endpoint of `serviceId` for `profile` (else AWS_PROFILE's), or undefined; warns once if it is plain http off this machine. */
export async function configuredEndpoint(serviceId: string, profile: string | undefined): Promise<string | undefined> {
  const { loadConfig, booleanSelector, SelectorType, CONFIG_PREFIX_SEPARATOR } = sdkRequire("@smithy/core/config") as ConfigModule;
  const init = profile === undefined ? {} : { profile };
  const ignore = await loadConfig<boolean>({
    environmentVariableSelector: (env) => booleanSelector(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", SelectorType.ENV),
    configFileSelector: (section) => booleanSelector(section, "ignore_configured_endpoint_urls", SelectorType.CONFIG),
    default: false,
  }, init)();
  if (ignore) return undefined;
  const url = await loadConfig<string | undefined>(endpointUrlSelectors(serviceId, CONFIG_PREFIX_SEPARATOR) as Parameters<typeof loadConfig<string | undefined>>[0], init)();
  if (url !== undefined) warnIfInsecureEndpoint(url);
  return url;
}

/** The configured endpoint of a service for one profile, looked up once per service. */
export type ConfiguredEndpoints = (serviceId: string) => Promise<string | undefined>;

/**
 * One lookup per (session, service) instead of one per client: a fan-out makes a client per
 * (account, region), and each lookup is two loadConfig() runs over env and the parsed files
 * (issue 23). Made once per session with its profile and shared with its children, as
 * shared-client-config.ts does for the other loaders; like the SDK's own per-client promise, the
 * answer (or the error of a missing `services` section) is kept.
 */
export function configuredEndpoints(profile: string | undefined): ConfiguredEndpoints {
  const byService = new Map<string, Promise<string | undefined>>();
  return (serviceId) => {
    let pending = byService.get(serviceId);
    if (!pending) byService.set(serviceId, (pending = configuredEndpoint(serviceId, profile)));
    return pending;
  };
}

/**
 * Points a new client's configured-endpoint lookup at the session's profile (without a profile
 * option: AWS_PROFILE's, as the SDK does), so a plain-http endpoint from the files warns too.
 */
export function useProfileEndpoint(client: unknown, endpoints: ConfiguredEndpoints): void {
  const config = (client as { config?: { serviceId?: unknown; serviceConfiguredEndpoint?: unknown } }).config;
  if (!config || typeof config.serviceId !== "string") return;
  const serviceId = config.serviceId;
  config.serviceConfiguredEndpoint = () => endpoints(serviceId);
}
