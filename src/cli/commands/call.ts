// `sessionfleet call <service> <Operation>`: one operation of any installed SDK v3 client, per
// target, every page merged (unless --no-paginate), optionally cut down by a JMESPath --query.
import type { CliCommand } from "../args/command-types.js";
import { runFleet } from "../run/fleet.js";
import { checkInputMembers } from "../call/input-shape.js";
import type { CliIo } from "../io.js";
import { checkQuery } from "../call/query.js";
import type { ValueView } from "../output/records.js";
import { countOf } from "../output/plural.js";
import { loadOperation } from "../call/sdk-module.js";
import { callTarget, callTaskUrl, type CallParams } from "../tasks/call.js";

/** The operation's output (without `$metadata`), or what `--query` made of it; the total counts answers. */
export const callView: ValueView<unknown> = {
  columns: ["Output"],
  cells: (out) => [summarize(out)],
  fields: (out) => ({ output: out }),
  fieldNames: ["output"],
  amount: () => 1,
};

/** Runs `call` (on worker threads with `--workers`). The package is loaded (and the operation and query checked) before any request. */
export async function run(command: Extract<CliCommand, { command: "call" }>, io: CliIo): Promise<number> {
  const query = command.query === undefined ? undefined : checkQuery(command.query);
  const operation = await loadOperation(command.service, command.operation);
  if (checkInputMembers(operation.Command, operation.name, command.input) === "no-schema" && Object.keys(command.input).length > 0 && !command.output.quiet) {
    // Older clients (before the schema-based @aws-sdk 3.8xx) ship no shape: say so rather than guess.
    io.stderr.write(`note: --input member names are not checked: ${operation.packageName} ships no input shape for ${operation.name}\n`);
  }
  const params: CallParams = { service: command.service, operation: operation.name, input: command.input, paging: command.paging, ...(query !== undefined && { query }) };
  return runFleet(command, io, callView, (context) => callTarget(operation, params, context), undefined, callTaskUrl(params));
}

const MAX_CELL = 100;

/**
 * One table cell: scalars by value, short lists of scalars joined, objects by their fields (lists
 * by length, nested objects elided). json/ndjson print the full value.
 */
export function summarize(value: unknown): string {
  return clip(describe(value, true));
}

function describe(value: unknown, top: boolean): string {
  if (value === null || value === undefined) return top ? "(empty)" : String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => v === null || typeof v !== "object")) return value.map((v) => String(v)).join(", ");
    return countOf(value.length, "item");
  }
  if (typeof value !== "object") return String(value);
  if (!top) return "{…}";
  const parts = Object.entries(value).map(([key, field]) => {
    if (Array.isArray(field)) return `${key}: ${field.length}`;
    if (field !== null && typeof field === "object" && !(field instanceof Date)) return `${key}={…}`;
    return `${key}=${describe(field, false)}`;
  });
  return parts.length === 0 ? "(empty)" : parts.join(", ");
}

function clip(line: string): string {
  return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
}
