import type { Sandbox } from "./types.js";

/**
 * The environment variables that point an unmodified AWS SDK or CLI at the sandbox, as the
 * management account's IAM user.
 *
 * @example
 * ```ts
 * import { sandboxEnv, startSandbox } from "sessionfleet/sandbox";
 * const sb = await startSandbox();
 * Object.assign(process.env, sandboxEnv(sb));
 * await sb.close();
 * ```
 */
export function sandboxEnv(sb: Sandbox): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sb.endpoint,
    AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey,
    AWS_REGION: sb.organization.regions.enabled[0] ?? "us-east-1",
  };
}

/**
 * `export NAME=value` lines for a POSIX shell, one per variable of {@link sandboxEnv}.
 * The secret is a fixed fake value, so printing it is harmless.
 *
 * @example
 * ```ts
 * import { formatSandboxExports, startSandbox } from "sessionfleet/sandbox";
 * const sb = await startSandbox();
 * process.stdout.write(formatSandboxExports(sb));
 * await sb.close();
 * ```
 */
export function formatSandboxExports(sb: Sandbox): string {
  return Object.entries(sandboxEnv(sb)).map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join("");
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
