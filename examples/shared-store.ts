// A small multi-process service sharing one DynamoDB credential store: the parent starts N worker
// processes (as a service runs N containers); each worker counts the option groups of every
// tenant account through its own sessions, and the store makes sure STS is asked once per
// tenant role for the whole fleet, not once per worker.
//
//   export SESSIONFLEET_CACHE_KEY="$(openssl rand -base64 32)"   # the same for every worker
//   node --import ./examples/ts-hooks.mjs examples/shared-store.ts --table sessionfleet-credentials \
//     --workers 3 111111111111 222222222222
//
// The DynamoDB client finds its region and endpoint as the SDK does (AWS_REGION,
// AWS_ENDPOINT_URL_DYNAMODB); docs/shared-store.md has the table, the IAM policy and the costs.
import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { CredentialSession } from "sessionfleet";
import { DynamoDBCredentialStore } from "sessionfleet/dynamodb";

const ROLE = "OrganizationAccountAccessRole";

/** One worker: every tenant's option groups, through the shared store. Prints "<account> <count>". */
async function worker(table: string, accounts: string[], print: (line: string) => void): Promise<void> {
  const dynamodb = new DynamoDBClient({});
  const store = new DynamoDBCredentialStore({
    tableName: table, client: dynamodb, leaseMs: 10_000,
    encryption: { key: Buffer.from(process.env.SESSIONFLEET_CACHE_KEY ?? "", "base64") },
  });
  const base = new CredentialSession({ cache: store });
  try {
    for (const accountId of accounts) {
      const tenant = base.assumeRole({ accountId, roleName: ROLE });
      const out = await tenant.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
      print(`${accountId} ${out.OptionGroupsList?.length ?? 0}`);
    }
  } finally {
    await base.close();
    dynamodb.destroy();
  }
}

/** The parent: makes the table if needed, starts the workers, prints what each one answered. */
export async function main(argv: string[], print: (line: string) => void = console.log, warn: (line: string) => void = console.error): Promise<number> {
  const { values, positionals: accounts } = parseArgs({
    args: argv, allowPositionals: true,
    options: { table: { type: "string", default: "sessionfleet-credentials" }, workers: { type: "string", default: "3" }, worker: { type: "boolean" } },
  });
  if (values.worker) {
    await worker(values.table, accounts, print);
    return 0;
  }
  const dynamodb = new DynamoDBClient({});
  const setup = new DynamoDBCredentialStore({ tableName: values.table, client: dynamodb, encryption: { key: Buffer.from(process.env.SESSIONFLEET_CACHE_KEY ?? "", "base64") } });
  const table = await setup.createTable();
  dynamodb.destroy();
  if (table.message) warn(table.message);
  // Each worker is this file again; a .ts file needs the same type-stripping hook as its parent.
  const self = fileURLToPath(import.meta.url);
  const execArgv = self.endsWith(".ts") ? ["--import", fileURLToPath(new URL("./ts-hooks.mjs", import.meta.url))] : [];
  const answers = await Promise.all(Array.from({ length: Number(values.workers) }, (_, i) => new Promise<{ i: number; code: number | null; out: string }>((resolve) => {
    const child = fork(self, ["--worker", "--table", values.table, ...accounts], { execArgv, stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => resolve({ i, code, out }));
  })));
  let failed = 0;
  for (const { i, code, out } of answers) {
    if (code !== 0) failed++;
    print(`worker ${i + 1}: ${out.trim().split("\n").join(", ")}${code === 0 ? "" : ` (exit ${code})`}`);
  }
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
