// sessionfleet with fanOut({ workers }): the same job as contenders/sessionfleet.mjs, the task
// as a module run on `workers` threads. The process's CPU time includes its worker threads.
import { ConnectionPool, CredentialSession, fanOut } from "../../dist/index.js";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const TASK = new URL("./option-groups-task.mjs", import.meta.url);

/** Runs the job on `workers` threads and reports to the orchestrator. */
export async function run(workers) {
  const { endpoint, credentials, accounts, regions, concurrency } = job();
  const session = new CredentialSession({ credentials, region: STS_REGION, clientConfig: { endpoint }, pool: new ConnectionPool() });
  await measure(async () => {
    const report = await fanOut({ session, accounts: accountIds(accounts), roles: ROLE_NAME, regions: REGIONS.slice(0, regions), concurrency, workers }, TASK);
    return report.results.map((r) => (r.ok === true ? r.value : errorText(/** @type {{ error: unknown }} */ (r).error)));
  });
}
