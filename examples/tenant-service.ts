// A tiny HTTP service that reaches each tenant's AWS account through a role, the way a SaaS
// backend does: one SessionManager holds a session per tenant (one AssumeRole per tenant, not per
// request), closes idle ones, keeps at most --max-sessions, and never closes one under a call.
//
//   node --import ./examples/ts-hooks.mjs examples/tenant-service.ts --port 8080 --role TenantAccess
//   curl localhost:8080/tenants/111111111111/option-groups?region=eu-west-1
//   curl localhost:8080/sessions
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { CredentialSession, FleetError, SessionManager } from "sessionfleet";

export interface TenantServiceOptions {
  port?: number;
  role?: string;
  maxSessions?: number;
  idleTimeoutMs?: number;
}

export interface TenantService {
  url: string;
  manager: SessionManager;
  close(): Promise<void>;
}

/** Starts the service on 127.0.0.1; credentials, region and endpoint come from the AWS environment. */
export async function startTenantService(options: TenantServiceOptions = {}): Promise<TenantService> {
  const base = new CredentialSession();
  const manager = new SessionManager({ base, maxSessions: options.maxSessions ?? 100, idleTimeoutMs: options.idleTimeoutMs ?? 15 * 60_000 });
  const role = options.role ?? "OrganizationAccountAccessRole";

  async function answer(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/sessions") return [200, { stats: manager.stats(), sessions: [...manager.entries()] }];
    const match = /^\/tenants\/([^/]+)\/option-groups$/.exec(url.pathname);
    if (!match) return [404, { error: "not found" }];
    const region = url.searchParams.get("region") ?? undefined;
    // get() checks the account id and region before anything is sent (a bad one is a 400).
    const session = manager.get({ accountId: decodeURIComponent(match[1]!), role, ...(region !== undefined && { region }) });
    const out = await session.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    return [200, { accountId: match[1], region: await session.resolveRegion(), optionGroups: (out.OptionGroupsList ?? []).map((g) => g.OptionGroupName) }];
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    answer(req).then(
      ([status, body]) => send(res, status, body),
      (error: unknown) => {
        const code = error instanceof FleetError ? error.code : "ERR_INTERNAL";
        const status = code === "ERR_INVALID_INPUT" ? 400 : code === "ERR_ASSUME_ROLE" ? 403 : 502;
        send(res, status, { error: code, message: error instanceof Error ? error.message : String(error) });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    manager,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await manager.close(); // waits for calls in flight, then closes every tenant's session
      await base.close();
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(`${JSON.stringify(body)}\n`);
}

/** Runs the service until Ctrl-C. */
export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: "string", default: "8080" }, role: { type: "string" }, "max-sessions": { type: "string" } } });
  const service = await startTenantService({
    port: Number(values.port), ...(values.role !== undefined && { role: values.role }),
    ...(values["max-sessions"] !== undefined && { maxSessions: Number(values["max-sessions"]) }),
  });
  print(`tenant service on ${service.url}`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await service.close();
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
