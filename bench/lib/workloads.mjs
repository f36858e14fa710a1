// Run one workload: start the sandbox for it, then run the contenders alternately, each in a fresh
// process, with the sandbox's counters reset before every run and read after it.
import { checkResults } from "../workload.mjs";

/**
 * Runs `rounds` rounds of `contenders` (A B C, A B C, ...) against a sandbox started for
 * `workload`; returns the runs of each contender, each with its sandbox counters and check.
 */
export async function runWorkload(sandbox, workload, { contenders, rounds, concurrency, execArgv, log }) {
  const { endpoint, credentials } = await sandbox.call("start", { workload });
  const runs = Object.fromEntries(contenders.map((c) => [c, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const name of contenders) {
      await sandbox.call("reset");
      const jobSpec = { endpoint, credentials, accounts: workload.accounts, regions: workload.regions, concurrency };
      let run;
      try {
        const measured = await runContender(name, jobSpec, { execArgv: execArgv?.(name, round) ?? [] });
        const sb = await sandbox.call("stats");
        const check = checkResults(measured.results, workload.accounts, workload.regions);
        run = {
          wallMs: measured.wallMs, cpuMs: measured.cpuMs, setupCpuMs: measured.setupCpuMs, peakRssMb: measured.peakRssMb, extra: measured.extra,
          assumeRole: sb.assumeRole.total, connections: sb.connections, requests: sb.requests, maxInFlight: sb.maxInFlight,
          sandboxCpuMs: sb.cpuMs, signatureFailures: sb.signatureFailures, errors: sb.errors, check,
        };
      } catch (error) {
        run = { failed: String(error.message ?? error), check: { ok: false, wrong: Number.NaN, examples: [] } };
      }
      runs[name].push(run);
      log(describeRun(name, round, run));
    }
  }
  return runs;
}

function describeRun(name, round, r) {
  if (r.failed) return `  round ${round} ${name.padEnd(12)} FAILED: ${r.failed}`;
  const check = r.check.ok ? "results ok" : `${r.check.wrong} WRONG (${r.check.examples.join("; ")})`;
  return `  round ${round} ${name.padEnd(12)} wall ${r.wallMs.toFixed(0).padStart(6)} ms  cpu ${r.cpuMs.toFixed(0).padStart(6)} ms  rss ${r.peakRssMb.toFixed(0).padStart(4)} MB  ` +
    `assumeRole ${String(r.assumeRole).padStart(5)}  conns ${String(r.connections).padStart(5)}  reqs ${String(r.requests).padStart(6)}  inflight ${r.maxInFlight}  sandbox cpu ${r.sandboxCpuMs.toFixed(0)} ms  ${check}`;
}

import { runContender } from "./processes.mjs";
