// Diagnostic contender (issue 23): sessionfleet's sessions and clients without fanOut — one
// CredentialSession, an assumeRole child per account, `child.withRegion(r).client(RDSClient)` per
// target, p-limit. Next to `sessionfleet` it shows what the fan-out engine costs; next to
// `shared-clients`, what sessions and their clients cost.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import pLimit from "p-limit";
import { ConnectionPool, CredentialSession } from "../../dist/index.js";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, accounts, regions, concurrency } = job();
const session = new CredentialSession({ credentials, region: STS_REGION, clientConfig: { endpoint }, pool: new ConnectionPool() });

await measure(async () => {
  const limit = pLimit(concurrency);
  const tasks = [];
  for (const accountId of accountIds(accounts)) {
    const child = session.assumeRole({ roleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, sessionName: "bench-sessions" });
    for (const region of REGIONS.slice(0, regions)) {
      tasks.push(limit(async () => {
        const out = await child.withRegion(region).client(RDSClient).send(new DescribeOptionGroupsCommand({}));
        return out.OptionGroupsList?.length ?? 0;
      }).catch(errorText));
    }
  }
  return Promise.all(tasks);
});
