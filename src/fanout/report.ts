// Records and the report built from them.
import { FleetError, type FleetErrorCode, type FleetStage } from "../errors.js";
import { countByStageCode, groupFailures } from "./groups.js";
import type { FanOutFailure, FanOutRecord, FanOutReport, FanOutSuccess, FanOutSummary } from "./types.js";

/** Where a record belongs: account, region and role of its target. */
export interface RecordPlace {
  accountId: string;
  accountName?: string | undefined;
  region: string;
  roleArn: string | undefined;
}

const MAX_LISTED = 10;

/** The record of a target whose task returned `value`. */
export function successRecord<T>(place: RecordPlace, value: T, ms: number): FanOutSuccess<T> {
  return Object.assign(where(place), { ok: true as const, value, ms });
}

/** The record of a target that failed at `stage`. */
export function failureRecord(place: RecordPlace, stage: FleetStage, error: FleetError, ms: number): FanOutFailure {
  return Object.assign(where(place), { ok: false as const, stage, error, ms });
}

/**
 * A FleetError for one target: `code`, `stage` and where it happened, with the underlying
 * failure as `cause` (the task's thrown value for ERR_TASK, the session's error for ERR_ASSUME_ROLE).
 */
export function targetError(place: RecordPlace, code: FleetErrorCode, stage: FleetStage, message: string, cause?: unknown): FleetError {
  return new FleetError(code, `${message} (${describe(place)})`, {
    ...(cause !== undefined && { cause }),
    accountId: place.accountId || undefined,
    region: place.region || undefined,
    roleArn: place.roleArn,
    stage,
  });
}

/** "account 111111111111, role Audit, region us-east-1" for messages. */
export function describe(place: RecordPlace): string {
  const parts = [`account ${place.accountId || "(unknown)"}`];
  if (place.roleArn !== undefined) parts.push(`role ${place.roleArn}`);
  // An empty region means the failure came before the account's regions were known.
  if (place.region) parts.push(`region ${place.region}`);
  return parts.join(", ");
}

/**
 * A record's place fields, in the key order of every record (accountId, accountName, region,
 * roleArn), as one literal per shape: spreads of the place cost ~3.5 µs per record even warm, and
 * ~9 µs in a 3,000-target profile (issue 23); a literal and an assign of the rest, ~0.1 µs.
 */
function where(place: RecordPlace): { accountId: string; accountName?: string; region: string; roleArn?: string } {
  const { accountId, accountName, region, roleArn } = place;
  if (accountName === undefined) return roleArn === undefined ? { accountId, region } : { accountId, region, roleArn };
  return roleArn === undefined ? { accountId, accountName, region } : { accountId, accountName, region, roleArn };
}

/** The records of a run's blocks (one per unit, in target order), checking none is missing. */
export function recordsInOrder<T>(blocks: ReadonlyArray<ReadonlyArray<FanOutRecord<T> | undefined> | undefined>): FanOutRecord<T>[] {
  const results: FanOutRecord<T>[] = [];
  for (const block of blocks) {
    for (const record of block ?? []) {
      if (record === undefined) throw new FleetError("ERR_TASK", "fan-out defect: a target has no record");
      results.push(record);
    }
  }
  return results;
}

/** Builds the report; `results` must already be in target order. */
export function buildReport<T>(results: FanOutRecord<T>[], ms: number): FanOutReport<T> {
  const succeeded: FanOutSuccess<T>[] = [];
  const failed: FanOutFailure[] = [];
  const byStage: Partial<Record<FleetStage, number>> = {};
  const byKind: FanOutSummary["byKind"] = {};
  for (const record of results) {
    if (record.ok) succeeded.push(record);
    else {
      failed.push(record);
      byStage[record.stage] = (byStage[record.stage] ?? 0) + 1;
      byKind[record.error.kind] = (byKind[record.error.kind] ?? 0) + 1;
    }
  }
  const summary: FanOutSummary = { targets: results.length, succeeded: succeeded.length, failed: failed.length, byStage, byKind, byStageCode: countByStageCode(failed), ms };
  return {
    results,
    succeeded,
    failed,
    summary,
    throwIfFailed() {
      if (failed.length > 0) throw aggregateError(failed, results.length);
    },
    groups: () => groupFailures(failed),
  };
}

/**
 * One FleetError for many failures. Its code is the failures' common code, or ERR_TASK when
 * they differ; `errors` holds each failure's error in target order.
 */
export function aggregateError(failed: readonly FanOutFailure[], targets: number): FleetError {
  const codes = new Set(failed.map((f) => f.error.code));
  const code: FleetErrorCode = codes.size === 1 ? [...codes][0]! : "ERR_TASK";
  const listed = failed.slice(0, MAX_LISTED).map((f) => `${f.accountId || "?"}/${f.region || "?"} ${f.stage}: ${f.error.message}`);
  const more = failed.length > MAX_LISTED ? `; and ${failed.length - MAX_LISTED} more` : "";
  return new FleetError(code, `${failed.length} of ${targets} targets failed: ${listed.join("; ")}${more}`, {
    errors: failed.map((f) => f.error),
  });
}
