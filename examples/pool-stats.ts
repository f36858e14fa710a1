// Sessions are not connections: watch a pool while sessions in three accounts and two regions
// make calls. Constructing sessions sends nothing; the first request opens a socket; later ones,
// from any account, reuse it while it stays warm; destroy() closes it.
//
//   node --import ./examples/ts-hooks.mjs examples/pool-stats.ts --role Audit 111111111111 222222222222
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { ConnectionPool, CredentialSession } from "sessionfleet";

/** Runs the calls one after another and prints the pool's counters at each step. */
export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals: accountIds } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string", default: "OrganizationAccountAccessRole" }, regions: { type: "string", default: "us-east-1,eu-west-1" } },
  });
  const pool = new ConnectionPool({ idleTimeoutMs: 5_000 });
  const base = new CredentialSession({ pool });
  const show = (when: string): void => {
    const { socketsCreated, socketsOpen, socketsIdle, requests } = pool.stats();
    print(`${when}: requests=${requests} socketsCreated=${socketsCreated} socketsOpen=${socketsOpen} socketsIdle=${socketsIdle}`);
  };
  try {
    const accounts = accountIds.map((accountId) => base.assumeRole({ accountId, roleName: values.role }));
    show("sessions made");
    for (const account of accounts) {
      for (const region of values.regions.split(",")) {
        // STS once per account (cached credentials), then RDS once per region.
        await account.withRegion(region).client(RDSClient).send(new DescribeOptionGroupsCommand({}));
      }
    }
    show("calls done");
  } finally {
    await base.close(); // releases the sessions' clients; the pool stays usable
    show("sessions closed");
    pool.destroy(); // closes every socket
    print(`pool destroyed: socketsOpen=${pool.stats().socketsOpen}`);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
