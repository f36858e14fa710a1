// The endpoints an `exec` child must use: the ones this run resolved, written as the variables
// every SDK and CLI reads (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>), since the child's own
// config file is the run's (empty) one and the parent's variables are not passed on.
//
// Precedence, as the SDKs apply it (AWS SDKs and Tools reference guide, "Service-specific
// endpoints", https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html; the JS
// SDK's @smithy/core config getEndpointUrlConfig.js, whose env selector runs before the files): code (--endpoint-url, --sandbox) >
// AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > the profile's `services` section > the
// profile's `endpoint_url`; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls
// turn off everything but code. The child's variables keep that order: a per-service variable
// beats the global one, so the profile's services become per-service variables only when no
// AWS_ENDPOINT_URL was set (which hides them in the parent too).
import type * as Config from "@smithy/core/config";
import { sdkRequire } from "../../sdk-require.js";

type ConfigModule = typeof Config;
type Env = Record<string, string | undefined>;

const GLOBAL = "AWS_ENDPOINT_URL";
const truthy = (value: string | undefined): boolean => value !== undefined && value.trim().toLowerCase() === "true";

/**
 * The endpoint variables of every child: `code` is the endpoint the run sends everything to
 * (--endpoint-url, --sandbox); else the run's environment and its profile (`--profile`, else
 * AWS_PROFILE, else default) decide, per service.
 */
export async function childEndpointVariables(code: string | undefined, profile: string | undefined, env: Env): Promise<Record<string, string>> {
  if (code !== undefined) return { [GLOBAL]: code };
  const { loadSharedConfigFiles, CONFIG_PREFIX_SEPARATOR } = sdkRequire("@smithy/core/config") as ConfigModule;
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  const name = profile ?? (env.AWS_PROFILE || undefined) ?? "default";
  const section = configFile[name] ?? {};
  if (truthy(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === undefined && truthy(section.ignore_configured_endpoint_urls))) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(`${GLOBAL}_`) && value) out[key] = value;
  }
  if (env[GLOBAL]) return { ...out, [GLOBAL]: env[GLOBAL] };
  if (section.services !== undefined) {
    const services = configFile[["services", section.services].join(CONFIG_PREFIX_SEPARATOR)] ?? {};
    for (const [key, value] of Object.entries(services)) {
      const service = key.endsWith(`${CONFIG_PREFIX_SEPARATOR}endpoint_url`) ? key.slice(0, -`${CONFIG_PREFIX_SEPARATOR}endpoint_url`.length) : undefined;
      const variable = service === undefined ? undefined : `${GLOBAL}_${service.toUpperCase()}`;
      if (variable !== undefined && value && out[variable] === undefined) out[variable] = value;
    }
  }
  if (section.endpoint_url) out[GLOBAL] = section.endpoint_url;
  return out;
}
