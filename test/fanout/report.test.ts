import { describe, expect, it } from "vitest";
import { FleetError } from "../../src/errors.js";
import { buildReport, failureRecord, successRecord, targetError } from "../../src/fanout/report.js";

const place = (accountId: string, region: string) => ({ accountId, region, roleArn: `arn:aws:iam::${accountId}:role/A` });

describe("buildReport", () => {
  it("splits records, counts stages and keeps undefined values as successes", () => {
    const a = place("111111111111", "us-east-1");
    const b = place("222222222222", "us-east-1");
    const results = [
      successRecord(a, undefined, 5),
      failureRecord(b, "assume-role", targetError(b, "ERR_ASSUME_ROLE", "assume-role", "AssumeRole refused"), 3),
      successRecord(a, 7, 4),
    ];
    const report = buildReport(results, 12);
    expect(report.summary).toEqual({ targets: 3, succeeded: 2, failed: 1, byStage: { "assume-role": 1 }, byKind: { unknown: 1 }, byStageCode: [{ stage: "assume-role", code: "ERR_ASSUME_ROLE", count: 1 }], ms: 12 });
    expect(report.succeeded.map((r) => r.value)).toEqual([undefined, 7]);
    expect(report.failed[0]!.error.region).toBe("us-east-1");
    expect(report.failed[0]!.error.message).toContain("account 222222222222");
    expect(() => report.throwIfFailed()).toThrow(FleetError);
    try {
      report.throwIfFailed();
    } catch (error) {
      expect((error as FleetError).code).toBe("ERR_ASSUME_ROLE");
      expect((error as FleetError).errors).toHaveLength(1);
      expect((error as FleetError).message).toMatch(/^1 of 3 targets failed: 222222222222\/us-east-1 assume-role/);
    }
  });

  it("uses ERR_TASK for mixed failure codes and does not throw without failures", () => {
    const a = place("111111111111", "us-east-1");
    const cause = new Error("boom");
    const report = buildReport([
      failureRecord(a, "task", targetError(a, "ERR_TASK", "task", "Task failed: boom", cause), 1),
      failureRecord(a, "timeout", targetError(a, "ERR_TIMEOUT", "timeout", "Timed out"), 1),
    ], 1);
    expect(report.failed[0]!.error.cause).toBe(cause);
    expect(() => report.throwIfFailed()).toThrow(expect.objectContaining({ code: "ERR_TASK" }));
    expect(() => buildReport([successRecord(a, 1, 1)], 1).throwIfFailed()).not.toThrow();
    expect(successRecord({ ...a, roleArn: undefined }, 1, 1)).not.toHaveProperty("roleArn");
  });

  it("a success record has the keys of a failure record, in the same order, for every shape of place", () => {
    const shapes = [
      { accountId: "111111111111", region: "us-east-1", roleArn: undefined },
      { accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/A" },
      { accountId: "111111111111", accountName: "prod", region: "us-east-1", roleArn: undefined },
      { accountId: "111111111111", accountName: "prod", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/A" },
    ];
    const keys = shapes.map((p) => Object.keys(successRecord(p, 7, 3)));
    expect(keys).toEqual([
      ["accountId", "region", "ok", "value", "ms"],
      ["accountId", "region", "roleArn", "ok", "value", "ms"],
      ["accountId", "accountName", "region", "ok", "value", "ms"],
      ["accountId", "accountName", "region", "roleArn", "ok", "value", "ms"],
    ]);
    for (const [i, p] of shapes.entries()) {
      const failure = failureRecord(p, "task", targetError(p, "ERR_TASK", "task", "x"), 3);
      expect(Object.keys(failure).filter((k) => k !== "stage" && k !== "error")).toEqual(keys[i]!.filter((k) => k !== "value"));
      expect(successRecord(p, 7, 3)).toEqual({ ...p, ok: true, value: 7, ms: 3 });
    }
  });
});
