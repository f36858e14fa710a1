// Fan-out results as text: table (people), json (one document), csv (RFC 4180), ndjson
// (one record per line, printed as each target finishes).
import Table from "cli-table3";
import { untrusted } from "../../untrusted.js";
import type { Palette } from "./color.js";
import { awsErrorCode, errorCode, toOutputRecord, totals, type OutputRecord, type TargetRecord, type ValueView } from "./records.js";

/** The `--format json` document of API.md. */
export function renderJson<T>(records: readonly TargetRecord<T>[], view: ValueView<T>): string {
  const { total, failed } = totals(records, view);
  return renderJsonRecords(records.map((r) => toOutputRecord(r, view)), total, failed);
}

/** The json document of records already in the output shape (merge has them so). */
export function renderJsonRecords(records: readonly OutputRecord[], total: number, failed: number): string {
  return `${JSON.stringify({ targets: records, total, failed }, null, 2)}\n`;
}

/** One `--format ndjson` line. */
export function renderNdjsonLine<T>(record: TargetRecord<T>, view: ValueView<T>): string {
  return `${JSON.stringify(toOutputRecord(record, view))}\n`;
}

/** The csv columns of a command: the record head, the value fields, then the failure fields. */
export function csvHeader<T>(view: ValueView<T>): string[] {
  return ["accountId", "region", "roleArn", "ok", ...view.fieldNames, "stage", "errorCode", "errorMessage", "errorKind", "retryable", "httpStatus", "awsCode", "attempts"];
}

/** `--format csv`: RFC 4180 (CRLF line ends, fields quoted when they hold `"`, `,`, CR or LF). */
export function renderCsv<T>(records: readonly TargetRecord<T>[], view: ValueView<T>): string {
  return renderCsvRecords(records.map((r) => toOutputRecord(r, view)), csvHeader(view));
}

/** `--format csv` of records already in the output shape (merge has them so). */
export function renderCsvRecords(records: readonly OutputRecord[], header: readonly string[]): string {
  const rows = records.map((o) => {
    const e = o.error;
    const flat: Record<string, unknown> = { ...o, errorCode: e?.code, errorMessage: e?.message, errorKind: e?.kind, retryable: e?.retryable, httpStatus: e?.httpStatus, awsCode: e?.awsCode, attempts: e?.attempts };
    return header.map((key) => csvField(flat[key]));
  });
  return [header, ...rows].map((row) => `${row.join(",")}\r\n`).join("");
}

/**
 * One csv field: strings as is, objects as JSON, absent as empty. A text cell that a spreadsheet
 * would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading
 * `'`, as OWASP's "CSV Injection" page recommends: an account named `=HYPERLINK(...)` (a valid
 * AWS account name) stays text. Numbers stay numbers (`-3`).
 */
export function csvField(value: unknown): string {
  let text = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table: one row per target, failures with stage and code, a total row. */
export function renderTable<T>(records: readonly TargetRecord<T>[], view: ValueView<T>, colors: Palette): string {
  const withRole = records.some((r) => r.roleArn !== undefined);
  const withName = records.some((r) => r.accountName !== undefined);
  const head = ["Account", ...(withName ? ["Name"] : []), "Region", ...(withRole ? ["Role"] : []), ...view.columns, "Status"];
  const table = new Table({
    head: head.map((h) => colors.bold(h)),
    // cli-table3 colours the head and borders by default; keep escape codes out unless asked.
    // Compact: no rule between rows, so a few hundred targets stay readable.
    style: { head: [], border: [], compact: true },
  });
  for (const r of records) {
    // Names, values and AWS codes come from servers (and files): escaped before colour is added.
    const cells = r.ok ? view.cells(r.value).map(untrusted) : view.failureCells?.(r.error, r)?.map(untrusted) ?? view.columns.map(() => colors.dim("-"));
    const status = r.ok ? colors.green("ok") : colors.red(untrusted(failureLabel(r)));
    table.push([untrusted(r.accountId || "-"), ...(withName ? [untrusted(r.accountName ?? "")] : []), untrusted(r.region || "-"), ...(withRole ? [untrusted(roleName(r.roleArn))] : []), ...cells, status]);
  }
  const { total, failed } = totals(records, view);
  const ok = records.length - failed;
  const summary = `${ok} ok, ${failed} failed`;
  table.push([
    colors.bold("Total"), ...(withName ? [""] : []), "", ...(withRole ? [""] : []),
    ...view.columns.map((_, i) => (i === 0 ? colors.bold(String(total)) : "")),
    failed > 0 ? colors.red(summary) : colors.green(summary),
  ]);
  return `${table.toString()}\n`;
}

/** `assume-role ERR_ASSUME_ROLE (AccessDenied)`. */
export function failureLabel(record: TargetRecord<unknown>): string {
  if (record.ok) return "ok";
  // A record read back from json (merge) carries the AWS code itself; a live one has it in its cause.
  const aws = record.error.awsCode ?? awsErrorCode(record.error);
  return `${record.stage} ${errorCode(record.error)}${aws ? ` (${aws})` : ""}`;
}

function roleName(roleArn: string | undefined): string {
  return roleArn === undefined ? "" : (roleArn.split("/").pop() ?? roleArn);
}
