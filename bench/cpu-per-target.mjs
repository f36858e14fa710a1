// CPU per target at zero latency, the number issue 23 is about: 300 accounts × 10 regions = 3,000
// targets, concurrency 64, the sandbox's signature checks off (its CPU is not the contenders'),
// contenders alternating in fresh processes, and every ratio taken against hand-tuned SDK v3 in
// the same round (the machine is shared: ratios within a round are steadier than absolutes).
// Usage: node bench/cpu-per-target.mjs [--rounds N] [--contenders tuned,sessionfleet,shared-clients] [--accounts N] [--regions N]
import { parseArgs } from "node:util";
import { cpuPerTarget, describe } from "./lib/cpu-goal.mjs";
import { startSandboxProcess } from "./lib/processes.mjs";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, contenders: { type: "string", default: "tuned,sessionfleet" }, accounts: { type: "string", default: "300" }, regions: { type: "string", default: "10" } },
});
const sandbox = startSandboxProcess();
try {
  const result = await cpuPerTarget(sandbox, { contenders: args.contenders.split(","), rounds: Number(args.rounds), accounts: Number(args.accounts), regions: Number(args.regions), log: (l) => console.log(l) });
  console.log(`\n${result.targets} targets, zero latency, concurrency ${result.spec.concurrency}; CPU µs/target (median, min-max) and × hand-tuned per round:`);
  for (const line of describe(result)) console.log(line);
} finally {
  await sandbox.close();
}
