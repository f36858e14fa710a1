// Real clients (boto3, the AWS CLI v1) run as children with an environment that holds only what
// the test gives: no ~/.aws files, no instance metadata, the given keys, region and endpoint.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The environment of a client child: PATH and HOME, shared files off, plus `extra`. */
export function clientEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", AWS_EC2_METADATA_DISABLED: "true", PYTHONUNBUFFERED: "1", ...extra };
}

/** Runs a Python snippet (boto3); resolves with its stdout. */
export async function python(code: string, env: Record<string, string>, timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run("python3", ["-c", code], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: clientEnv(env) });
  return stdout;
}

/** Runs `aws ...args --output json`; resolves with the parsed output. */
export async function awsCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<unknown> {
  const { stdout } = await run("aws", [...args, "--output", "json"], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: clientEnv(env) });
  return JSON.parse(stdout) as unknown;
}
