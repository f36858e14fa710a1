// Plain SDK v3 clients pointed at a sandbox: what users and the e2e tests do, no sessionfleet.
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { Sandbox } from "../../src/sandbox/index.js";

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Client config for the sandbox; retries off so every request counts once. */
export function clientConfig(sb: Sandbox, region = "us-east-1", credentials: Keys = sb.credentials) {
  return { region, endpoint: sb.endpoint, credentials, maxAttempts: 1 };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

/** Keys of a role session in `accountId`. */
export async function assume(sb: Sandbox, accountId: string, roleName = "OrganizationAccountAccessRole", region = "us-east-1"): Promise<Keys> {
  const sts = new STSClient(clientConfig(sb, region));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: "helper" }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
