// Small words a user saw (issue 22.10): plurals of one, and what a one-target run's last frame says.
import { describe, expect, it } from "vitest";
import { palette } from "../../src/cli/output/color.js";
import { renderList } from "../../src/cli/output/render-list.js";
import { renderFailureSummary } from "../../src/cli/output/summary.js";
import { FleetError } from "../../src/errors.js";
import type { FanOutFailure } from "../../src/index.js";

const plain = palette(false);

describe("plurals", () => {
  it("a list of one says '1 account', of two '2 accounts', of none '0 accounts'", () => {
    const columns = [{ key: "accountId", title: "Account" }];
    const last = (n: number, name: string): string => renderList(name, Array.from({ length: n }, (_, i) => ({ accountId: String(i) })), columns, "table", plain).trimEnd().split("\n").at(-1)!;
    expect([last(1, "accounts"), last(2, "accounts"), last(0, "accounts"), last(1, "regions")]).toEqual(["1 account", "2 accounts", "0 accounts", "1 region"]);
  });

  it("the failure summary of one target says 'failed: 1 of 1 target'", () => {
    const failure: FanOutFailure = { accountId: "111111111111", region: "us-east-1", ok: false, stage: "task", error: new FleetError("ERR_TASK", "boom"), ms: 1 } as FanOutFailure;
    expect(renderFailureSummary([failure], 1, false, plain).split("\n")[0]).toBe("failed: 1 of 1 target");
    expect(renderFailureSummary([failure], 2, false, plain).split("\n")[0]).toBe("failed: 1 of 2 targets");
  });
});

describe("progress bar words", () => {
  it("a one-target run's frames read a real ETA (never 'NULL', 'LLs' or 'INF'), the last '1/1 targets ... ETA 0s'", async () => {
    const { createProgress } = await import("../../src/cli/output/progress.js");
    const chunks: string[] = [];
    let now = 0;
    const progress = await createProgress({ isTTY: true, columns: 120, write: (s: string) => chunks.push(s) > 0 }, true, () => now);
    progress.update({ done: 0, total: 1, failed: 0 });
    now = 1500;
    progress.update({ done: 1, total: 1, failed: 0 });
    progress.stop(); // draws the last frame, then clears it
    const frames = chunks.join("").split(new RegExp(`\r|${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`)).filter((f) => f.includes("targets"));
    expect(frames.join("\n")).not.toMatch(/NULL|LLs|INF|ETA\s*$/m);
    expect(frames[0]).toMatch(/0\/1 targets .* ETA -$/);
    expect(frames.at(-1)).toMatch(/1\/1 targets \| 0 failed \| 0\.7\/s \| ETA 0s$/);
  });
});

describe("matrix notes fit 80 columns (issue 22.6)", () => {
  it("the left-out notes wrap at 80 columns at account boundaries, continuation lines indented", async () => {
    const { renderLeftOut } = await import("../../src/cli/output/left-out.js");
    const leftOut = [
      { accountId: "100000000001", name: "management", rule: "own-account" },
      ...Array.from({ length: 9 }, (_, i) => ({ accountId: `20000000001${i}`, name: `retired-${i}`, rule: "not-active", status: "SUSPENDED" })),
    ];
    const note = renderLeftOut({ accounts: [], failed: [], leftOut } as never, plain);
    const lines = note.trimEnd().split("\n");
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(lines[0]).toMatch(/^Left out \(not ACTIVE\): 200000000010 retired-0 \(SUSPENDED\),$/);
    expect(lines.slice(1, -1).every((l) => l.startsWith("  2000"))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Left out \(your own account; --include-self runs it\): 100000000001 management$/);
    // Nothing is lost to the wrapping.
    expect(note.match(/2000000000\d\d retired-\d \(SUSPENDED\)/g)).toHaveLength(9);
  });
});
