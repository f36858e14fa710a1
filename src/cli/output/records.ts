// The CLI's view of fan-out records: what each command shows for a value, and the one plain
// shape (API.md "--format json") that json, ndjson and csv all print.
import type { FleetStage } from "../../errors.js";

/** Structurally the fan-out record of API.md, so the CLI needs nothing but the public types. */
export type TargetRecord<T> =
  | { accountId: string; accountName?: string; region: string; roleArn?: string; ok: true; value: T; ms?: number }
  | { accountId: string; accountName?: string; region: string; roleArn?: string; ok: false; stage: FleetStage; error: ErrorLike; ms?: number };

/** Which target a record is. */
export type TargetPlace = { accountId: string; region: string; roleArn?: string };

/** What the CLI reads of an error: a FleetError has all of it, anything else is coerced. */
export interface ErrorLike {
  code?: string;
  message?: string;
  cause?: unknown;
  kind?: string;
  retryable?: boolean;
  httpStatus?: number;
  awsCode?: string;
  requestId?: string;
  attempts?: number;
}

/** The error of a failed record as json/ndjson print it; csv leaves out `requestId`. */
export interface OutputError {
  code: string;
  message: string;
  kind: string;
  retryable: boolean;
  httpStatus?: number;
  awsCode?: string;
  requestId?: string;
  attempts?: number;
}

/** How one command presents its per-target value. */
export interface ValueView<T> {
  /** Table headers of the value columns, e.g. `["Option groups"]`. */
  columns: string[];
  /** Table cells for a value, one per column. */
  cells(value: T): string[];
  /** JSON fields of a value, e.g. `{ optionGroups: 4 }`; their keys are {@link fieldNames}. */
  fields(value: T): Record<string, unknown>;
  /** The keys of {@link fields}, in csv column order. */
  fieldNames: string[];
  /** What a successful target adds to the total (a count, or 1 per answer). */
  amount(value: T): number;
  /** Fields a failed target still has (exec: the exit code and last lines), under {@link fieldNames}. */
  failureFields?(error: ErrorLike, record: TargetPlace): Record<string, unknown>;
  /** Table cells a failed target still has (exec: its exit and duration); `-` where undefined. */
  failureCells?(error: ErrorLike, record: TargetPlace): string[] | undefined;
  /** Waits until what the records describe has ended (exec: stopped children), before json, csv or a table is printed. */
  settled?(): Promise<void>;
}

/** One record as json/ndjson/csv print it. */
export type OutputRecord = {
  accountId: string;
  accountName?: string;
  region: string;
  roleArn?: string;
  ok: boolean;
  stage?: string;
  error?: OutputError;
} & Record<string, unknown>;

/**
 * The record in the documented JSON shape: no timings, so equal runs print equal documents (but
 * for a failure's AWS `requestId`, which is kept for AWS support).
 */
export function toOutputRecord<T>(record: TargetRecord<T>, view: ValueView<T>): OutputRecord {
  const head = {
    accountId: record.accountId, ...(record.accountName !== undefined && { accountName: record.accountName }),
    region: record.region, ...(record.roleArn !== undefined && { roleArn: record.roleArn }),
  };
  if (record.ok) return { ...head, ok: true, ...view.fields(record.value) };
  return { ...head, ok: false, ...view.failureFields?.(record.error, record), stage: record.stage, error: outputError(record.error) };
}

function outputError(error: ErrorLike): OutputError {
  const { httpStatus, requestId, attempts } = error;
  const awsCode = error.awsCode ?? awsErrorCode(error);
  return {
    code: errorCode(error), message: errorMessage(error), kind: error.kind ?? "unknown", retryable: error.retryable === true,
    ...(httpStatus !== undefined && { httpStatus }), ...(awsCode !== undefined && { awsCode }),
    ...(requestId !== undefined && { requestId }), ...(attempts !== undefined && { attempts }),
  };
}

/** The sessionfleet code of a failure (`ERR_ASSUME_ROLE`, ...). */
export function errorCode(error: ErrorLike): string {
  return typeof error.code === "string" ? error.code : "ERR_TASK";
}

/** The AWS error code behind a failure (`AccessDenied`, `ThrottlingException`), when there is one. */
export function awsErrorCode(error: ErrorLike): string | undefined {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++) {
    const named = (cause as { Code?: unknown }).Code ?? cause.name;
    if (typeof named === "string" && named !== "Error" && named !== "FleetError" && named !== "AggregateError") return named;
    cause = cause.cause;
  }
  return undefined;
}

/** First line of the error message: table cells and stderr lines stay one line each. */
export function errorMessage(error: ErrorLike): string {
  const message = typeof error.message === "string" && error.message.length > 0 ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/** Sum of the successful values, and the number of failed targets. */
export function totals<T>(records: readonly TargetRecord<T>[], view: ValueView<T>): { total: number; failed: number } {
  let total = 0;
  let failed = 0;
  for (const r of records) {
    if (r.ok) total += view.amount(r.value);
    else failed++;
  }
  return { total, failed };
}
