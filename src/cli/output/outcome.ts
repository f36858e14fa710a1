// What a fan-out run prints once its records are in: the result on stdout in the chosen format,
// the left-out note, the failure summary (and why there is no target) on stderr; and the exit
// code. One place for it, so `merge` prints exactly what one unsharded run prints.
import type { AccountSelection, FanOutFailure } from "../../index.js";
import type { OutputArgs } from "../args/command-types.js";
import { palette, useColor } from "./color.js";
import { EXIT, type CliIo } from "../io.js";
import { noTargetsReason, renderLeftOut } from "./left-out.js";
import { renderMatrix } from "./matrix.js";
import { totals, type OutputRecord, type TargetRecord, type ValueView } from "./records.js";
import { csvHeader, renderCsv, renderCsvRecords, renderJson, renderJsonRecords, renderTable } from "./render.js";
import { renderFailureSummary } from "./summary.js";

/** How the run ended, besides its records. */
export interface Outcome {
  selection: AccountSelection | undefined;
  allowFailures: boolean;
  interrupted: boolean;
  /** The records as json/csv print them, when they were read back rather than made (merge). */
  printed?: readonly OutputRecord[];
}

/** Prints the result, the note and the summary; returns the exit code. ndjson lines were printed as they came. */
export function printOutcome<T>(records: readonly TargetRecord<T>[], view: ValueView<T>, output: OutputArgs, io: CliIo, outcome: Outcome): number {
  printResult(records, view, output, io, outcome.printed);
  const onStdout = output.format === "table" || output.format === "matrix";
  const note = renderLeftOut(outcome.selection, palette(useColor(onStdout ? io.stdout : io.stderr, io.env)));
  if (onStdout) io.stdout.write(note);
  const failed = records.filter((r) => !r.ok) as unknown as FanOutFailure[];
  if (!output.quiet) {
    io.stderr.write(renderFailureSummary(failed, records.length, output.verbose === true, palette(useColor(io.stderr, io.env))));
    if (!onStdout) io.stderr.write(note);
    if (records.length === 0 && !outcome.interrupted) io.stderr.write(noTargetsReason(outcome.selection));
  }
  if (outcome.interrupted) return EXIT.INTERRUPTED;
  return failed.length > 0 && !outcome.allowFailures ? EXIT.FAILED : EXIT.OK;
}

function printResult<T>(records: readonly TargetRecord<T>[], view: ValueView<T>, output: OutputArgs, io: CliIo, printed: readonly OutputRecord[] | undefined): void {
  switch (output.format) {
    case "json": {
      if (printed === undefined) return void io.stdout.write(renderJson(records, view));
      const { total, failed } = totals(records, view);
      io.stdout.write(renderJsonRecords(printed, total, failed));
      return;
    }
    case "csv":
      io.stdout.write(printed === undefined ? renderCsv(records, view) : renderCsvRecords(printed, csvHeader(view)));
      return;
    case "table":
      io.stdout.write(renderTable(records, view, palette(useColor(io.stdout, io.env))));
      return;
    case "matrix":
      io.stdout.write(renderMatrix(records, { ...(output.allColumns && { allColumns: true }), colors: palette(useColor(io.stdout, io.env)) }));
      return;
    case "ndjson":
      return; // already printed, one line per record as it finished
  }
}
