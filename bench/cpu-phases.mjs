// Issue 23: CPU per target phase by phase (accounts 1, 5, 24, 70, 200 of 300; 10 regions each,
// zero latency, concurrency 64), sessionfleet's sessions against hand-tuned SDK v3, alternating in
// fresh processes. Shows what a cold process costs: the first ~1,000 targets of a process cost
// 2-3x the later ones for either contender, and V8's compiler threads add to the process's CPU.
// Usage: node bench/cpu-phases.mjs [--rounds N]
import { parseArgs } from "node:util";
import { startSandboxProcess } from "./lib/processes.mjs";
import { fmt, median } from "./lib/stats.mjs";
import { runWorkload } from "./lib/workloads.mjs";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "3" } } });
const contenders = ["phases-tuned", "phases-sessions"];
const spec = { accounts: 300, regions: 10, concurrency: 64, latencyMs: 0, checkSignatures: false };
const sandbox = startSandboxProcess();
try {
  const runs = await runWorkload(sandbox, spec, { contenders, rounds: Number(args.rounds), concurrency: spec.concurrency, log: (l) => console.log(l) });
  const [tuned, ours] = contenders.map((c) => runs[c].filter((r) => r.check.ok));
  if (tuned.length === 0 || ours.length === 0) throw new Error("no run with every result right");
  console.log(`\nCPU µs per target by phase (medians of ${Math.min(tuned.length, ours.length)} rounds), and sessions × hand-tuned:`);
  for (const [i, phase] of ours[0].extra.phases.entries()) {
    const us = (rs) => median(rs.map((r) => (r.extra.phases[i].cpuMs * 1000) / phase.targets));
    console.log(`  accounts ${String(phase.from).padStart(3)}-${String(phase.to).padEnd(3)} (${String(phase.targets).padStart(4)} targets)  hand-tuned ${fmt(us(tuned)).padStart(6)}  sessions ${fmt(us(ours)).padStart(6)}  × ${fmt(us(ours) / us(tuned), 2)}`);
  }
  const overWall = (rs) => median(rs.map((r) => r.cpuMs - r.wallMs));
  console.log(`  process CPU beyond wall time (V8's background threads, at least): hand-tuned ${fmt(overWall(tuned))} ms, sessions ${fmt(overWall(ours))} ms`);
} finally {
  await sandbox.close();
}
