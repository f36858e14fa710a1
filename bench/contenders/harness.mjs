// What every contender process shares: its job (from the orchestrator, in BENCH_JOB) and the
// measurement of its fan-out alone. Imports and setup happen before measure() is called, so wall
// and CPU time cover the fan-out only; peak RSS is the whole process's.
import { performance } from "node:perf_hooks";

/** { endpoint, credentials, accounts, regions, concurrency } from the orchestrator. */
export function job() {
  return JSON.parse(process.env.BENCH_JOB ?? "{}");
}

/** What a diagnostic contender measured besides its results (cpu-phases.mjs reads `phases`). */
export const extra = {};

/**
 * Runs `fanOut` (which returns the option-group count per target in target order, or an error
 * string for a failed target), then sends the measurements to the orchestrator and exits.
 */
export async function measure(fanOut) {
  const before = process.cpuUsage();
  const start = performance.now();
  let results;
  try {
    results = await fanOut();
  } catch (error) {
    results = `fan-out threw: ${error?.stack ?? error}`;
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(before);
  const { maxRSS } = process.resourceUsage();
  const message = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    setupCpuMs: (before.user + before.system) / 1000,
    peakRssMb: maxRSS / 1024,
    extra,
    results,
  };
  if (process.send) process.send(message, () => process.exit(0));
  else {
    console.log(JSON.stringify({ ...message, results: Array.isArray(results) ? `${results.length} results` : results }));
    process.exit(0);
  }
}

/** A target's answer, or a short error string: a contender never lets one failure hide another. */
export function errorText(error) {
  return `error: ${error?.name ?? "Error"}: ${error?.message ?? error}`;
}
