// Experiment of issue 17 (not a sessionfleet design): hand-tuned SDK v3 with ONE RDSClient per
// region shared by every account, the identity chosen per call from AsyncLocalStorage through a
// provider marked `memoized` (so @aws-sdk/core's resolveAwsSdkSigV4Config does not wrap and cache
// it: normalizeCredentialProvider in @aws-sdk/core/dist-cjs/submodules/httpAuthSchemes).
import { AsyncLocalStorage } from "node:async_hooks";
import { Agent as HttpAgent } from "node:http";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { memoize } from "@smithy/property-provider";
import pLimit from "p-limit";
import { errorText, job, measure } from "./harness.mjs";
import { accountIds, REGIONS, ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, accounts, regions, concurrency } = job();
const requestHandler = new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: concurrency }) });
const sts = new STSClient({ region: STS_REGION, endpoint, credentials, requestHandler });
const identity = new AsyncLocalStorage();
const current = async () => identity.getStore()();
current.memoized = true;
const clients = new Map();
const clientFor = (region) => {
  let client = clients.get(region);
  if (!client) clients.set(region, (client = new RDSClient({ region, endpoint, credentials: current, requestHandler })));
  return client;
};

function assumeRoleProvider(accountId) {
  return memoize(async () => {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, RoleSessionName: "bench-shared" }));
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  }, (id) => id.expiration.getTime() - Date.now() < 300_000, () => true);
}

await measure(async () => {
  const limit = pLimit(concurrency);
  const tasks = [];
  for (const accountId of accountIds(accounts)) {
    const provider = assumeRoleProvider(accountId);
    for (const region of REGIONS.slice(0, regions)) {
      tasks.push(limit(() => identity.run(provider, async () => {
        const out = await clientFor(region).send(new DescribeOptionGroupsCommand({}));
        return out.OptionGroupsList?.length ?? 0;
      })).catch(errorText));
    }
  }
  return Promise.all(tasks);
});
