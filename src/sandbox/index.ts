// sessionfleet/sandbox: a local AWS for tests, benchmarks and demos. Not imported by the main
// entry point, so library users never pay for it.
import { startSandboxServer } from "./server.js";
import type { Sandbox, SandboxOptions } from "./types.js";

export type {
  Sandbox, SandboxAccount, SandboxFaults, SandboxLatency, SandboxOptionGroups, SandboxOptions, SandboxOrganization, SandboxOu, SandboxRole, SandboxStats,
} from "./types.js";
export type { SandboxDiscoveryFaults } from "./discovery-faults.js";
export type { SandboxSsoFaults, SandboxSsoLogin, SandboxSsoOptions } from "./sso/types.js";
export { demoOrganization, DEMO_ENABLED_REGIONS, DEMO_OPT_IN_REGIONS } from "./demo.js";
export { hashedOptionGroups } from "./config.js";
export { sandboxEnv, formatSandboxExports } from "./env.js";
export { sandboxSsoLogin, formatSandboxSsoLines } from "./sso/env.js";

/**
 * Starts a local AWS on 127.0.0.1 that the unmodified SDK v3 talks to through `endpoint`:
 * STS, RDS option groups, Organizations, Account and EC2 regions, with SigV4 checked on every
 * request, seeded fault injection, latency, and request statistics. Options are validated
 * before the port is opened (`FleetError` `ERR_INVALID_INPUT`). Without options it serves
 * {@link demoOrganization}.
 *
 * @example
 * ```ts
 * import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
 * import { startSandbox } from "sessionfleet/sandbox";
 *
 * const sb = await startSandbox();
 * try {
 *   const sts = new STSClient({ region: "us-east-1", endpoint: sb.endpoint, credentials: sb.credentials });
 *   const me = await sts.send(new GetCallerIdentityCommand({}));
 *   console.log(me.Arn, sb.stats().requests); // arn:aws:iam::100000000001:user/sandbox-admin 1
 * } finally {
 *   await sb.close();
 * }
 * ```
 */
export function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  return startSandboxServer(options);
}
