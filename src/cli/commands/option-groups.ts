// `sessionfleet option-groups`: how many RDS option groups each target has, and the total.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import type { CliCommand } from "../args.js";
import { runFleet } from "../fleet.js";
import type { CliIo } from "../io.js";
import type { ValueView } from "../records.js";

/** Option groups per target; the total is their sum. */
export const optionGroupsView: ValueView<number> = {
  columns: ["Option groups"],
  cells: (count) => [String(count)],
  fields: (count) => ({ optionGroups: count }),
  fieldNames: ["optionGroups"],
  amount: (count) => count,
};

/** Runs `option-groups`. */
export function run(command: Extract<CliCommand, { command: "option-groups" }>, io: CliIo): Promise<number> {
  return runFleet(command, io, optionGroupsView, async ({ session, signal }) => {
    const rds = session.client(RDSClient);
    let count = 0;
    let marker: string | undefined;
    do {
      const page = await rds.send(new DescribeOptionGroupsCommand({ ...(marker !== undefined && { Marker: marker }) }), { abortSignal: signal });
      count += page.OptionGroupsList?.length ?? 0;
      marker = page.Marker;
    } while (marker);
    return count;
  });
}
