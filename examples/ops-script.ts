// An inventory script to copy: every RDS option group of every target as CSV on stdout,
// streamed as targets finish; failures listed on stderr; exit code 1 when any target failed.
//
//   node --import ./examples/ts-hooks.mjs examples/ops-script.ts \
//     --accounts org --role OrganizationAccountAccessRole --regions enabled > option-groups.csv
//
// Split the work over CI jobs with --shard I/N (1-based): every job gets whole accounts, so
// each account is assumed by one job only, and the N outputs together cover every target once.
//   node ... examples/ops-script.ts --accounts org --role Audit --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { paginateDescribeOptionGroups, RDSClient } from "@aws-sdk/client-rds";
import { CredentialSession, FleetError, fanOutStream, type FanOutOptions, type TaskContext } from "sessionfleet";

/** One option group of one target. */
export interface OptionGroupRow {
  name: string;
  engine: string;
  version: string;
}

/** The task: every option group of one (account, region). */
export async function listOptionGroups({ session, signal }: TaskContext): Promise<OptionGroupRow[]> {
  const rows: OptionGroupRow[] = [];
  const pages = paginateDescribeOptionGroups({ client: session.client(RDSClient) }, {}, { abortSignal: signal });
  for await (const page of pages) {
    for (const og of page.OptionGroupsList ?? []) {
      rows.push({ name: og.OptionGroupName ?? "", engine: og.EngineName ?? "", version: og.MajorEngineVersion ?? "" });
    }
  }
  return rows;
}

/** The command line as fan-out options: `--accounts ID,ID|org`, `--role`, `--regions R,R|enabled|all`, `--shard I/N`. */
export function targetsFrom(argv: string[], session: CredentialSession): FanOutOptions {
  const { values } = parseArgs({
    args: argv,
    options: { accounts: { type: "string" }, role: { type: "string" }, regions: { type: "string" }, shard: { type: "string" }, concurrency: { type: "string", default: "32" } },
  });
  const regions = values.regions === undefined ? undefined : values.regions === "enabled" || values.regions === "all" ? values.regions : values.regions.split(",");
  const accounts = values.accounts === undefined ? undefined : values.accounts === "org" ? "organization" : values.accounts.split(",");
  const [index, count] = (values.shard ?? "1/1").split("/").map(Number);
  return {
    session,
    ...(accounts !== undefined && { accounts }),
    ...(values.role !== undefined && { roles: values.role }),
    ...(regions !== undefined && { regions }),
    concurrency: Number(values.concurrency),
    timeoutMs: 120_000,
    // The library's shard index is 0-based; people count jobs from 1.
    shard: { index: (index ?? 1) - 1, count: count ?? 1 },
  };
}

const csv = (fields: string[]): string => fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",");

/** Streams the inventory; resolves to the exit code. */
export async function main(argv: string[], print: (line: string) => void = console.log, warn: (line: string) => void = console.error): Promise<number> {
  const base = new CredentialSession();
  let failed = 0;
  try {
    // fanOutStream checks its options when called, so bad arguments fail before the header.
    const records = fanOutStream(targetsFrom(argv, base), listOptionGroups);
    print(csv(["account", "region", "option_group", "engine", "major_version"]));
    for await (const record of records) {
      if (record.ok) {
        for (const og of record.value) print(csv([record.accountId, record.region, og.name, og.engine, og.version]));
      } else {
        failed++;
        warn(`failed: ${record.accountId || "-"} ${record.region || "-"} ${record.stage} ${record.error.code}: ${record.error.message}`);
      }
    }
  } catch (error) {
    // Bad arguments are found before any request is sent.
    if (!(error instanceof FleetError && error.code === "ERR_INVALID_INPUT")) throw error;
    warn(error.message);
    return 2;
  } finally {
    await base.close();
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
