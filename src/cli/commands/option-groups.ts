// `sessionfleet option-groups`: how many RDS option groups each target has, and the total.
import type { CliCommand } from "../args/command-types.js";
import { runFleet } from "../run/fleet.js";
import type { CliIo } from "../io.js";
import type { ValueView } from "../output/records.js";
import optionGroups from "../tasks/option-groups.js";

/** Option groups per target; the total is their sum. */
export const optionGroupsView: ValueView<number> = {
  columns: ["Option groups"],
  cells: (count) => [String(count)],
  fields: (count) => ({ optionGroups: count }),
  fieldNames: ["optionGroups"],
  amount: (count) => count,
};

/** Runs `option-groups` (on worker threads with `--workers`). */
export function run(command: Extract<CliCommand, { command: "option-groups" }>, io: CliIo): Promise<number> {
  return runFleet(command, io, optionGroupsView, optionGroups, undefined, new URL("../tasks/option-groups.js", import.meta.url));
}
