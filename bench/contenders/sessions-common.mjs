// The two diagnostic contenders of issue 23 share this run: sessionfleet's sessions and clients
// without fanOut — one CredentialSession, an assumeRole child per account,
// `child.withRegion(r).client(RDSClient)` per target, p-limit. With `prefetch`, every account's
// AssumeRole is made first (in the same p-limit slots), the order fanOut's engine uses.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import pLimit from "p-limit";
import { ConnectionPool, CredentialSession } from "../../dist/index.js";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

export async function runSessions({ prefetch }) {
  const { endpoint, credentials, accounts, regions, concurrency } = job();
  const session = new CredentialSession({ credentials, region: STS_REGION, clientConfig: { endpoint }, pool: new ConnectionPool() });
  await measure(async () => {
    const limit = pLimit(concurrency);
    const children = accountIds(accounts).map((accountId) => session.assumeRole({ roleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, sessionName: "bench-sessions" }));
    // A failed AssumeRole shows in the targets' answers below (their send fails the same way).
    if (prefetch) await Promise.all(children.map((child) => limit(() => child.getCredentials()).catch(() => undefined)));
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
}
