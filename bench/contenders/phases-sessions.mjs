// cpu-phases.mjs: sessionfleet's sessions and light clients (as sessions-plimit.mjs), in phases.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { ConnectionPool, CredentialSession } from "../../dist/index.js";
import { job } from "./harness.mjs";
import { runPhases } from "./phases-common.mjs";
import { ROLE_NAME, STS_REGION } from "../workload.mjs";

const { endpoint, credentials } = job();
const session = new CredentialSession({ credentials, region: STS_REGION, clientConfig: { endpoint }, pool: new ConnectionPool() });

await runPhases(
  (accountId) => session.assumeRole({ roleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAME}`, sessionName: "bench-sessions" }),
  async (child, region) => {
    const out = await child.withRegion(region).client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    return out.OptionGroupsList?.length ?? 0;
  },
);
