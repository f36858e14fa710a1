// whoami across accounts: assume one role in each account and ask STS who we are there, in
// every region given. Each account costs one AssumeRole however many regions use it.
//
//   node --import ./examples/ts-hooks.mjs examples/assume-role-per-account.ts \
//     --role OrganizationAccountAccessRole --regions us-east-1,eu-west-1 111111111111 222222222222
//
// Credentials and the default region come from the usual AWS environment (AWS_PROFILE,
// AWS_ACCESS_KEY_ID, AWS_REGION, ...); AWS_ENDPOINT_URL sends every call to a local sandbox.
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CredentialSession, FleetError } from "sessionfleet";

/** The answer of one (account, region): the assumed identity's ARN, or why there is none. */
export interface Whoami {
  accountId: string;
  region: string;
  arn?: string;
  error?: string;
}

/** Asks STS GetCallerIdentity in each region of each account, through one assumed role per account. */
export async function whoamiPerAccount(base: CredentialSession, accountIds: string[], roleName: string, regions: string[]): Promise<Whoami[]> {
  const perAccount = accountIds.map(async (accountId) => {
    // One child session per account: lazy (no call yet), shared by every region view below.
    const account = base.assumeRole({ accountId, roleName, sessionName: "sessionfleet-whoami" });
    return Promise.all(
      regions.map(async (region): Promise<Whoami> => {
        try {
          const sts = account.withRegion(region).client(STSClient);
          const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
          return { accountId, region, ...(Arn !== undefined && { arn: Arn }) };
        } catch (error) {
          const reason = error instanceof FleetError ? error.code : error instanceof Error ? error.name : "Error";
          return { accountId, region, error: reason };
        }
      }),
    );
  });
  return (await Promise.all(perAccount)).flat();
}

/** Parses the command line, prints one line per (account, region), and returns the exit code. */
export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string", default: "OrganizationAccountAccessRole" }, regions: { type: "string" } },
  });
  if (positionals.length === 0) {
    print("usage: assume-role-per-account.ts [--role NAME] [--regions R,R] ACCOUNT_ID...");
    return 2;
  }
  const base = new CredentialSession();
  try {
    const regions = values.regions?.split(",") ?? [await base.resolveRegion()];
    const answers = await whoamiPerAccount(base, positionals, values.role, regions);
    for (const { accountId, region, arn, error } of answers) print(`${accountId} ${region} ${arn ?? `failed: ${error}`}`);
    return answers.some((a) => a.error !== undefined) ? 1 : 0;
  } finally {
    await base.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
