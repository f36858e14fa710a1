// Issue 12 B.7 end to end: the sandbox reports an Expiration one hour in the past (its clock is
// 2 h behind, credentials live 1 h). Before the fix every request called AssumeRole again (16 for
// 16 targets); now each account's provider refreshes at most once per 30 s, with one warning.
import { afterEach, describe, expect, it } from "vitest";
import { fanOut } from "../../src/index.js";
import { accountIds, countGroups, expectedGroups, fleetSandbox, ROLE } from "../faults/helpers.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { harness, type Harness } from "./helpers.js";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"];

function collectWarnings(): { codes: () => string[]; stop(): void } {
  const seen: Array<{ code?: string }> = [];
  const on = (w: Error & { code?: string }): void => void seen.push(w);
  process.on("warning", on);
  return { codes: () => seen.map((w) => w.code ?? "").filter((c) => c.startsWith("SESSIONFLEET")), stop: () => process.off("warning", on) };
}
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("clock skew against the sandbox", () => {
  it("sandbox Expiration 1 h in the past: 16 targets on 4 accounts cost 4 AssumeRole, all right, one warning", async () => {
    const accounts = accountIds(4);
    h = await harness(fleetSandbox(accounts, REGIONS, { roles: accounts.map((accountId) => ({ accountId, roleName: ROLE })), clockSkewSeconds: -7200 }));
    const warnings = collectWarnings();
    try {
      const report = await fanOut({ session: h.base, accounts, roles: ROLE, regions: REGIONS, concurrency: 4 }, ({ session }) => countGroups(session));
      await turn();
      expect(report.failed.map((f) => f.error.message)).toEqual([]);
      expect(report.succeeded.map((r) => r.value)).toEqual(accounts.flatMap((a) => REGIONS.map((r) => expectedGroups(a, r))));
      expect(h.sb.stats().assumeRole.total).toBe(4);
      expect(warnings.codes()).toEqual(["SESSIONFLEET_CLOCK_SKEW"]);
    } finally {
      warnings.stop();
    }
  });

  it("the sandbox refuses a clockSkewSeconds that is not a whole number of seconds within a day", async () => {
    for (const bad of [1.5, 86_401, "60"]) {
      await expect(startSandbox({ clockSkewSeconds: bad as number })).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", option: "clockSkewSeconds" });
    }
  });
});
