// `sessionfleet call <service> <Operation>`: one operation of any installed SDK v3 client, per target.
import type { CliCommand } from "../args.js";
import { runFleet } from "../fleet.js";
import type { CliIo } from "../io.js";
import type { ValueView } from "../records.js";
import { loadOperation } from "../sdk-module.js";
import { callOperation, callTaskUrl } from "../tasks/call.js";

type Output = Record<string, unknown>;

/** The operation's output (without `$metadata`); the total is the number of targets that answered. */
export const callView: ValueView<Output> = {
  columns: ["Output"],
  cells: (out) => [summarize(out)],
  fields: (out) => ({ output: out }),
  fieldNames: ["output"],
  amount: () => 1,
};

/** Runs `call` (on worker threads with `--workers`). The package is loaded (and the operation found) before any request. */
export async function run(command: Extract<CliCommand, { command: "call" }>, io: CliIo): Promise<number> {
  const { Client, Command } = await loadOperation(command.service, command.operation);
  const operation = { packageName: "", Client, Command };
  return runFleet(command, io, callView, (context) => callOperation(operation, command.input, context), callTaskUrl(command.service, command.operation, command.input));
}

/** One line for the table: lists by their length, scalars by value, the rest elided. */
export function summarize(out: Output): string {
  const parts = Object.entries(out).map(([key, value]) => {
    if (Array.isArray(value)) return `${key}: ${value.length}`;
    if (value instanceof Date) return `${key}=${value.toISOString()}`;
    if (value !== null && typeof value === "object") return `${key}={…}`;
    return `${key}=${String(value)}`;
  });
  const line = parts.length === 0 ? "(empty)" : parts.join(", ");
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
