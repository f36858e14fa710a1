// A sandbox, a pool of its own and a base session on them: what every SessionManager test starts
// from, closed in the order that leaves nothing open.
import { ConnectionPool, CredentialSession } from "../../src/index.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";

export interface SandboxBase {
  sb: Sandbox;
  pool: ConnectionPool;
  base: CredentialSession;
}

export async function openSandboxBase(options: SandboxOptions = {}): Promise<SandboxBase> {
  const sb = await startSandbox(options);
  const pool = new ConnectionPool();
  const base = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: sb.endpoint }, pool });
  return { sb, pool, base };
}

export async function closeSandboxBase(opened: Partial<SandboxBase>): Promise<void> {
  await opened.base?.close();
  opened.pool?.destroy();
  await opened.sb?.close();
}
