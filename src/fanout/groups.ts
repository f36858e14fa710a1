// Failures grouped by what went wrong, for a summary a person can act on: one group per
// (stage, kind, code, awsCode), with its targets in target order and the AWS message once.
import type { FanOutFailure, FailureGroup, StageCodeCount } from "./types.js";

/** Groups `failed` (in target order); the largest group first, ties in order of first appearance. */
export function groupFailures(failed: readonly FanOutFailure[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const record of failed) {
    const { kind, code, awsCode } = record.error;
    const key = `${record.stage}\u0000${kind}\u0000${code}\u0000${awsCode ?? ""}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { stage: record.stage, kind, code, ...(awsCode !== undefined && { awsCode }), message: causeMessage(record.error), targets: [] };
      groups.set(key, group);
    }
    group.targets.push(record);
  }
  return [...groups.values()].sort((a, b) => b.targets.length - a.targets.length);
}

/** Failure counts by (stage, code), in order of first appearance. */
export function countByStageCode(failed: readonly FanOutFailure[]): StageCodeCount[] {
  const counts = new Map<string, StageCodeCount>();
  for (const { stage, error } of failed) {
    const key = `${stage}\u0000${error.code}`;
    const entry = counts.get(key) ?? { stage, code: error.code, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

/** The innermost message of an error chain: what the service (or the task) said. */
export function causeMessage(error: Error): string {
  let current: unknown = error;
  let message = error.message;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  return message.split("\n")[0] ?? message;
}
