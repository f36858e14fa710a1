// Count RDS option groups: first in two regions of your own account, then in every enabled
// region of every account of the organisation, through one role per account.
//
//   node --import ./examples/ts-hooks.mjs examples/count-option-groups.ts \
//     --regions us-east-1,us-west-1 --role OrganizationAccountAccessRole
//
// Credentials and the default region come from the usual AWS environment (AWS_PROFILE,
// AWS_ACCESS_KEY_ID, AWS_REGION, ...); the organisation step needs the management account (or a
// delegated administrator). AWS_ENDPOINT_URL sends every call to a local sandbox.
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { paginateDescribeOptionGroups, RDSClient } from "@aws-sdk/client-rds";
import { CredentialSession, fanOut, type FanOutReport, type TaskContext } from "sessionfleet";

/** The task: every page of DescribeOptionGroups in one (account, region). */
export async function countOptionGroups({ session, signal }: TaskContext): Promise<number> {
  let count = 0;
  const pages = paginateDescribeOptionGroups({ client: session.client(RDSClient) }, {}, { abortSignal: signal });
  for await (const page of pages) count += page.OptionGroupsList?.length ?? 0;
  return count;
}

/** One line per target, in target order, then the total. */
export function printReport(title: string, report: FanOutReport<number>, print: (line: string) => void): void {
  print(title);
  for (const r of report.results) {
    print(r.ok ? `  ${r.accountId} ${r.region} ${r.value}` : `  ${r.accountId} ${r.region || "(regions unknown)"} failed at ${r.stage}: ${r.error.code}`);
  }
  const total = report.succeeded.reduce((sum, r) => sum + r.value, 0);
  print(`  total ${total}; ${report.summary.succeeded} targets ok, ${report.summary.failed} failed`);
}

/** Parses the command line, runs both counts, and returns the exit code. */
export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      regions: { type: "string", default: "us-east-1,us-west-1" },
      role: { type: "string", default: "OrganizationAccountAccessRole" },
      concurrency: { type: "string", default: "16" },
    },
  });
  const base = new CredentialSession();
  try {
    // No accounts: the caller's own account, no role.
    const here = await fanOut({ session: base, regions: values.regions.split(",") }, countOptionGroups);
    printReport("Your account:", here, print);

    const everywhere = await fanOut(
      { session: base, accounts: "organization", roles: values.role, regions: "enabled", concurrency: Number(values.concurrency), timeoutMs: 60_000 },
      countOptionGroups,
    );
    printReport("Every enabled region of every account:", everywhere, print);
    return here.summary.failed + everywhere.summary.failed > 0 ? 1 : 0;
  } finally {
    await base.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
