// `--format matrix`: counts as accounts × regions, with totals on the right and at the bottom.
// Plain aligned text (no box borders) so 6 accounts × 8 regions fit an 80-column terminal:
// regions whose every cell is 0 fold into one "others" column unless --all-columns.
import { untrusted } from "../../untrusted.js";
import type { Palette } from "./color.js";
import type { TargetRecord } from "./records.js";

/** How the matrix is drawn. */
export interface MatrixOptions {
  /** Keep all-zero region columns instead of folding them into "others". */
  allColumns?: boolean;
  colors: Palette;
}

const FAILED = "✗";
const NOT_A_NUMBER = "?";
type Cell = number | typeof FAILED | typeof NOT_A_NUMBER;

interface Row {
  label: string;
  cells: Map<string, Cell>;
  /** Failed before its regions were known: every cell of the row failed. */
  whole: boolean;
}

/** The matrix of `records` (values must be numbers; anything else shows as "?"). */
export function renderMatrix(records: readonly TargetRecord<unknown>[], options: MatrixOptions): string {
  const { colors } = options;
  const rows = new Map<string, Row>();
  const regions: string[] = [];
  for (const record of records) {
    const key = record.accountId;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { label: untrusted(record.accountName ?? (record.accountId || "-")), cells: new Map(), whole: false }));
    if (record.region === "") {
      row.whole = true;
      continue;
    }
    if (!regions.includes(record.region)) regions.push(record.region);
    row.cells.set(record.region, !record.ok ? FAILED : typeof record.value === "number" && Number.isFinite(record.value) ? record.value : NOT_A_NUMBER);
  }
  const cell = (row: Row, region: string): Cell => (row.whole ? FAILED : row.cells.get(region) ?? 0);
  // A row that failed as a whole says nothing about any one region, so it does not keep a column.
  const allZero = (region: string): boolean => [...rows.values()].every((row) => row.whole || cell(row, region) === 0);
  const shown = options.allColumns ? regions : regions.filter((r) => !allZero(r));
  const folded = regions.length - shown.length;

  const header = ["Account", ...shown.map(untrusted), ...(folded > 0 ? [`others (${folded})`] : []), "Total"];
  const body: string[][] = [];
  const columnTotals = new Array<number>(shown.length + (folded > 0 ? 1 : 0)).fill(0);
  let grand = 0;
  let failures = false;
  let unknown = false;
  for (const row of rows.values()) {
    const cells = shown.map((region) => cell(row, region));
    if (folded > 0) cells.push(row.whole ? FAILED : 0);
    let sum = 0;
    cells.forEach((c, i) => {
      if (typeof c === "number") {
        sum += c;
        columnTotals[i]! += c;
      } else if (c === FAILED) failures = true;
      else unknown = true;
    });
    grand += sum;
    body.push([row.label, ...cells.map(String), row.whole ? FAILED : String(sum)]);
  }
  const footer = ["Total", ...columnTotals.map(String), String(grand)];

  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length), footer[i]!.length));
  const line = (cells: string[], paint: (text: string, i: number) => string): string =>
    `${cells.map((c, i) => paint(i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!), i)).join("  ").trimEnd()}\n`;
  const mark = (text: string): string => (text.trim() === FAILED ? colors.red(text) : text);
  let out = line(header, (t) => colors.bold(t));
  for (const row of body) out += line(row, mark);
  out += line(footer, (t) => colors.bold(t));
  if (failures) out += colors.dim(`${FAILED} failed (details on stderr); totals count the targets that answered.\n`);
  if (unknown) out += colors.dim(`${NOT_A_NUMBER} the value was not a number (give call a --query that yields one).\n`);
  return out;
}
