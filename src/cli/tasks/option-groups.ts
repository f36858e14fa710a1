// The task of `sessionfleet option-groups`, as a module so that `--workers` can run it on
// worker threads (its default export is the task).
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import type { TaskContext } from "../../fanout/types.js";

/** Counts the target's RDS option groups, following `Marker` pages. */
export default async function optionGroups({ session, signal }: TaskContext): Promise<number> {
  const rds = session.client(RDSClient);
  let count = 0;
  let marker: string | undefined;
  do {
    const page = await rds.send(new DescribeOptionGroupsCommand({ ...(marker !== undefined && { Marker: marker }) }), { abortSignal: signal });
    count += page.OptionGroupsList?.length ?? 0;
    marker = page.Marker;
  } while (marker);
  return count;
}
