// The CPU-bound workload of issue 17: zero latency, the sandbox's signature checks off, so the
// contenders' CPU is the limit. Hand-tuned SDK v3, sessionfleet on the main thread, and
// sessionfleet with fanOut({ workers }) at 1 and 2 threads, one fresh process each, one round.
import { fmt } from "./stats.mjs";
import { summarize } from "./report.mjs";
import { runWorkload } from "./workloads.mjs";

const CONTENDERS = ["tuned", "sessionfleet", "sessionfleet-w1", "sessionfleet-w2"];
const NAMES = { tuned: "hand-tuned SDK v3", sessionfleet: "sessionfleet (main thread)", "sessionfleet-w1": "sessionfleet, workers: 1", "sessionfleet-w2": "sessionfleet, workers: 2" };

/** Runs the workload; returns its markdown section (and logs each run). */
export async function runWorkersBench(sandbox, { quick, log }) {
  const spec = { accounts: quick ? 100 : 300, regions: 10, concurrency: 64, latencyMs: 0, checkSignatures: false };
  const targets = spec.accounts * spec.regions;
  log(`workers run: ${spec.accounts} accounts × ${spec.regions} regions, zero latency, signature checks off, concurrency ${spec.concurrency}: ${CONTENDERS.join(" ")}`);
  const runs = await runWorkload(sandbox, spec, { contenders: CONTENDERS, rounds: 1, concurrency: spec.concurrency, log });
  const s = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summarize(v)]));
  const tunedCpu = s.tuned?.cpuMs;
  const rows = CONTENDERS.filter((k) => s[k]).map((k) => {
    const r = s[k];
    return [NAMES[k], fmt(r.wallMs), fmt((targets * 1000) / r.wallMs), fmt(r.cpuMs), fmt((r.cpuMs * 1000) / targets), tunedCpu ? `${fmt(r.cpuMs / tunedCpu, 2)}×` : "–", fmt(r.assumeRole), `${r.right}/${r.runs}`];
  });
  const w1 = s["sessionfleet-w1"];
  const w2 = s["sessionfleet-w2"];
  const ratio = s.sessionfleet && tunedCpu ? s.sessionfleet.cpuMs / tunedCpu : undefined;
  return [
    "", `### Worker threads: ${spec.accounts} accounts × ${spec.regions} regions = ${targets} targets, zero latency, signature checks off, concurrency ${spec.concurrency}`, "",
    "| contender | wall ms | targets/s | CPU ms (whole process, all threads) | CPU µs/target | CPU vs hand-tuned | AssumeRole | results right |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Main thread against hand-tuned in this one round: ${ratio === undefined ? "not measured" : `${fmt(ratio, 2)}×`} (issue 23's goal is judged on the median of several rounds, in the section above).` +
      (w1 && w2 ? ` Workers 2 vs 1: ${fmt(w1.wallMs / w2.wallMs, 2)}× the throughput at ${fmt(w2.cpuMs / w1.cpuMs, 2)}× the CPU.` : ""),
    "One round on a shared 2-core machine: the figures are noisy, and 2 workers plus the main thread and the sandbox process compete for 2 cores, so the speed-up is bounded well below 2×.",
  ].join("\n");
}
