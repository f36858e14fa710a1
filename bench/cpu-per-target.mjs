// CPU per target at zero latency, the number issue 23 is about: 300 accounts × 10 regions = 3,000
// targets, concurrency 64, the sandbox's signature checks off (its CPU is not the contenders'),
// contenders alternating in fresh processes, and every ratio taken against hand-tuned SDK v3 in
// the same round (the machine is shared: ratios within a round are steadier than absolutes).
// Usage: node bench/cpu-per-target.mjs [--rounds N] [--contenders tuned,sessionfleet,shared-clients] [--accounts N]
import { parseArgs } from "node:util";
import { startSandboxProcess } from "./lib/processes.mjs";
import { fmt, median } from "./lib/stats.mjs";
import { runWorkload } from "./lib/workloads.mjs";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, contenders: { type: "string", default: "tuned,sessionfleet" }, accounts: { type: "string", default: "300" } },
});
const contenders = args.contenders.split(",");
const spec = { accounts: Number(args.accounts), regions: 10, concurrency: 64, latencyMs: 0, checkSignatures: false };
const targets = spec.accounts * spec.regions;
const sandbox = startSandboxProcess();
try {
  const runs = await runWorkload(sandbox, spec, { contenders, rounds: Number(args.rounds), concurrency: spec.concurrency, log: (l) => console.log(l) });
  console.log(`\n${targets} targets, zero latency, concurrency ${spec.concurrency}; CPU µs/target (median, min-max) and × hand-tuned per round:`);
  for (const name of contenders) {
    const us = runs[name].map((r) => (r.cpuMs * 1000) / targets);
    const ratios = runs[name].map((r, i) => r.cpuMs / runs.tuned?.[i]?.cpuMs);
    const right = runs[name].filter((r) => r.check.ok).length;
    console.log(`  ${name.padEnd(16)} ${fmt(median(us)).padStart(6)} µs (${fmt(Math.min(...us))}-${fmt(Math.max(...us))})  × tuned ${ratios.map((x) => fmt(x, 2)).join(" ")}  right ${right}/${us.length}`);
  }
} finally {
  await sandbox.close();
}
