// Diagnostic contender (issue 23): `sessions-plimit` with one change — every account's AssumeRole
// is made (in the same p-limit slots) before the targets run, the order fanOut's engine uses (a
// unit's credentials in a slot of their own, its targets after). Next to `sessions-plimit` it
// shows what that order alone costs, with no fan-out engine code in the process.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import pLimit from "p-limit";
import { ConnectionPool, CredentialSession } from "../../dist/index.js";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, accounts, regions, concurrency } = job();
const session = new CredentialSession({ credentials, region: STS_REGION, clientConfig: { endpoint }, pool: new ConnectionPool() });

await measure(async () => {
  const limit = pLimit(concurrency);
  const children = accountIds(accounts).map((accountId) => session.assumeRole({ roleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, sessionName: "bench-sessions" }));
  // A failed AssumeRole shows in the targets' answers below (their send fails the same way).
  await Promise.all(children.map((child) => limit(() => child.getCredentials()).catch(() => undefined)));
  const tasks = [];
  for (const child of children) {
    for (const region of REGIONS.slice(0, regions)) {
      tasks.push(limit(async () => {
        const out = await child.withRegion(region).client(RDSClient).send(new DescribeOptionGroupsCommand({}));
        return out.OptionGroupsList?.length ?? 0;
      }).catch(errorText));
    }
  }
  return Promise.all(tasks);
});
