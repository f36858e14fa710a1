// Contender 1, SDK v3 as people usually write it: one fromTemporaryCredentials provider per
// account, a new client (hence a new agent and socket) per target, p-limit for concurrency.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import pLimit from "p-limit";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, accounts, regions, concurrency } = job();

await measure(async () => {
  const limit = pLimit(concurrency);
  const tasks = [];
  for (const accountId of accountIds(accounts)) {
    const roleCredentials = fromTemporaryCredentials({
      masterCredentials: credentials,
      params: { RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}` },
      clientConfig: { region: STS_REGION, endpoint },
    });
    for (const region of REGIONS.slice(0, regions)) {
      tasks.push(limit(async () => {
        const rds = new RDSClient({ region, endpoint, credentials: roleCredentials });
        const out = await rds.send(new DescribeOptionGroupsCommand({}));
        return out.OptionGroupsList?.length ?? 0;
      }).catch(errorText));
    }
  }
  return Promise.all(tasks);
});
