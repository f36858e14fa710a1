// `sessionfleet whoami`: STS GetCallerIdentity in each target, which proves the role can be
// assumed there (and that the region answers).
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { CliCommand } from "../args/command-types.js";
import { runFleet } from "../run/fleet.js";
import type { CliIo } from "../io.js";
import type { ValueView } from "../output/records.js";

/** The identity a target's credentials belong to. */
export interface Identity {
  arn: string;
  userId: string;
}

/** The caller's ARN per target; the total is the number of targets that answered. */
export const whoamiView: ValueView<Identity> = {
  columns: ["Identity"],
  cells: (id) => [id.arn],
  fields: (id) => ({ arn: id.arn, userId: id.userId }),
  fieldNames: ["arn", "userId"],
  amount: () => 1,
};

/** Runs `whoami`. */
export function run(command: Extract<CliCommand, { command: "whoami" }>, io: CliIo): Promise<number> {
  return runFleet(command, io, whoamiView, async ({ session, signal }) => {
    const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    return { arn: out.Arn ?? "", userId: out.UserId ?? "" };
  });
}
