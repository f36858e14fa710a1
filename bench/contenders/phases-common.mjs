// The two contenders of bench/cpu-phases.mjs (issue 23): the same 3,000 targets as
// cpu-per-target.mjs, run in phases of accounts (1, 5, 24, 70, 200), each phase's CPU measured on
// its own, to show how the cost per target falls as V8 warms up (a cold process interprets the
// SDK's request path; TurboFan compiles it on a background thread once it is hot).
import pLimit from "p-limit";
import { errorText, extra, job, measure } from "./harness.mjs";
import { accountIds, REGIONS } from "../workload.mjs";

/** Where each phase starts, in accounts: phases of 1, 5, 24, 70 and 200 accounts at 300. */
const CUTS = [0, 1, 6, 30, 100, 300];

/**
 * Runs every target through `target(accountState, region)` (`account(accountId)` makes the
 * per-account state once), phase by phase, at the job's concurrency; records each phase's CPU.
 */
export async function runPhases(account, target) {
  const { accounts, regions, concurrency } = job();
  const ids = accountIds(accounts);
  const cuts = CUTS.map((c) => Math.round((c * ids.length) / 300));
  extra.phases = [];
  await measure(async () => {
    const limit = pLimit(concurrency);
    const results = [];
    for (let p = 0; p + 1 < cuts.length; p++) {
      const before = process.cpuUsage();
      const tasks = [];
      for (const accountId of ids.slice(cuts[p], cuts[p + 1])) {
        const state = account(accountId);
        for (const region of REGIONS.slice(0, regions)) tasks.push(limit(() => target(state, region)).catch(errorText));
      }
      results.push(...(await Promise.all(tasks)));
      const cpu = process.cpuUsage(before);
      extra.phases.push({ from: cuts[p], to: cuts[p + 1], targets: tasks.length, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    return results;
  });
}
