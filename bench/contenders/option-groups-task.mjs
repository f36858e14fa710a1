// The sessionfleet contenders' task as a module, for fanOut({ workers }).
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";

export default async function optionGroups({ session, signal }) {
  const out = await session.client(RDSClient).send(new DescribeOptionGroupsCommand({}), { abortSignal: signal });
  return out.OptionGroupsList?.length ?? 0;
}
