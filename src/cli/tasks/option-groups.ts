// The task of `sessionfleet option-groups`, as a module so that `--workers` can run it on
// worker threads (its default export is the task).
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { FleetError } from "../../errors.js";
import type { TaskContext } from "../../fanout/types.js";
import { DEFAULT_MAX_PAGES } from "../call/pages.js";

/** Counts the target's RDS option groups, following `Marker` pages. */
export default async function optionGroups({ session, signal }: TaskContext): Promise<number> {
  const rds = session.client(RDSClient);
  let count = 0;
  let marker: string | undefined;
  // A Marker seen before, or a new one page after page (call/pages.ts DEFAULT_MAX_PAGES), means the
  // pages would never end: fail the target rather than loop.
  const seen = new Set<string>();
  do {
    if (seen.size >= DEFAULT_MAX_PAGES) {
      throw new FleetError("ERR_TASK", `RDS DescribeOptionGroups was still handing out new Markers after ${DEFAULT_MAX_PAGES} pages; stopped instead of paging for ever (${count} option groups read)`);
    }
    const page = await rds.send(new DescribeOptionGroupsCommand({ ...(marker !== undefined && { Marker: marker }) }), { abortSignal: signal });
    count += page.OptionGroupsList?.length ?? 0;
    marker = page.Marker;
    if (marker !== undefined && seen.has(marker)) throw new FleetError("ERR_TASK", `RDS DescribeOptionGroups returned a Marker it had returned before: the pages would never end (${count} option groups read)`);
    if (marker !== undefined) seen.add(marker);
  } while (marker);
  return count;
}
