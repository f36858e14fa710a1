// cpu-phases.mjs: hand-tuned SDK v3 (as tuned.mjs: one agent, one STS client, a memoized
// AssumeRole provider per account, a client per target), in phases.
import { Agent as HttpAgent } from "node:http";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { memoize } from "@smithy/property-provider";
import { job } from "./harness.mjs";
import { runPhases } from "./phases-common.mjs";
import { ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials, concurrency } = job();
// The sandbox speaks plain HTTP.
const requestHandler = new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: concurrency }) });
const sts = new STSClient({ region: STS_REGION, endpoint, credentials, requestHandler });

await runPhases(
  (accountId) => memoize(async () => {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, RoleSessionName: "bench-tuned" }));
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  }),
  async (roleCredentials, region) => {
    const rds = new RDSClient({ region, endpoint, credentials: roleCredentials, requestHandler });
    const out = await rds.send(new DescribeOptionGroupsCommand({}));
    return out.OptionGroupsList?.length ?? 0;
  },
);
