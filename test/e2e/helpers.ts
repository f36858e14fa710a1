// Shared set-up for end-to-end tests: a sandbox on port 0 and a base session pointed at it,
// on a pool of its own so socket counts belong to one test.
import { ConnectionPool, CredentialSession } from "../../src/index.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";

export interface Harness {
  sb: Sandbox;
  pool: ConnectionPool;
  base: CredentialSession;
  close(): Promise<void>;
}

export async function harness(options: SandboxOptions = {}, clientConfig: Record<string, unknown> = {}): Promise<Harness> {
  const sb = await startSandbox(options);
  const pool = new ConnectionPool();
  const base = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint, ...clientConfig }, pool });
  return {
    sb, pool, base,
    async close() {
      await base.close();
      pool.destroy();
      await sb.close();
    },
  };
}

export const ROLE = "OrganizationAccountAccessRole";
export const roleArn = (accountId: string, role = ROLE) => `arn:aws:iam::${accountId}:role/${role}`;
export const DEMO_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
