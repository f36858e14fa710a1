// Contender 2, SDK v3 tuned by hand: one keep-alive agent and one STS client for everything, one
// memoized AssumeRole provider per account shared by its regional clients, a client per target.
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { memoize } from "@smithy/property-provider";
import pLimit from "p-limit";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, accounts, regions, concurrency } = job();

// The sandbox speaks plain HTTP; against AWS the https agent is the one that works.
const agentOptions = { keepAlive: true, maxSockets: concurrency };
const requestHandler = new NodeHttpHandler({ httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) });
const sts = new STSClient({ region: STS_REGION, endpoint, credentials, requestHandler });
const REFRESH_BEFORE_MS = 5 * 60_000;

function assumeRoleProvider(accountId) {
  return memoize(
    async () => {
      const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, RoleSessionName: "bench-tuned" }));
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    },
    (identity) => identity.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS,
    () => true,
  );
}

await measure(async () => {
  const limit = pLimit(concurrency);
  const tasks = [];
  for (const accountId of accountIds(accounts)) {
    const roleCredentials = assumeRoleProvider(accountId);
    for (const region of REGIONS.slice(0, regions)) {
      tasks.push(limit(async () => {
        const rds = new RDSClient({ region, endpoint, credentials: roleCredentials, requestHandler });
        const out = await rds.send(new DescribeOptionGroupsCommand({}));
        return out.OptionGroupsList?.length ?? 0;
      }).catch(errorText));
    }
  }
  return Promise.all(tasks);
});
