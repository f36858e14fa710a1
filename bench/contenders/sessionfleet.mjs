// Contender 3, sessionfleet's public API: one base session, fanOut over accounts × regions.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import * as sessionfleet from "../../dist/index.js";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, accounts, regions, concurrency } = job();
const { ConnectionPool, CredentialSession } = sessionfleet;
// Until src/index.ts exports fanOut, take it from its module in the built package.
const fanOut = sessionfleet.fanOut ?? (await import("../../dist/fanout/run.js")).fanOut;

const pool = new ConnectionPool();
const session = new CredentialSession({ credentials, region: STS_REGION, clientConfig: { endpoint }, pool });

await measure(async () => {
  const report = await fanOut(
    { session, accounts: accountIds(accounts), roles: ROLE_NAME, regions: REGIONS.slice(0, regions), concurrency },
    async ({ session: target, signal }) => {
      const out = await target.client(RDSClient).send(new DescribeOptionGroupsCommand({}), { abortSignal: signal });
      return out.OptionGroupsList?.length ?? 0;
    },
  );
  return report.results.map((r) => (r.ok === true ? r.value : errorText(/** @type {{ error: unknown }} */ (r).error)));
});
