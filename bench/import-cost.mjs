// What `import("sessionfleet")` costs next to `import("@aws-sdk/client-sts")`: each import in a
// fresh process (nothing cached but the OS file cache), alternating, `runs` times; medians of the
// import's wall time and of the process's CPU time at the end of the import.
// Usage: node bench/import-cost.mjs [runs]   (also used by run.mjs)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv } from "./lib/processes.mjs";
import { median } from "./lib/stats.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const MODULES = ["sessionfleet", "@aws-sdk/client-sts"];

// Runs with cwd at the package root, so "sessionfleet" resolves to the built package by self-reference.
const PROBE = `
const t0 = performance.now();
await import(process.argv[1]);
const ms = performance.now() - t0;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

function importOnce(specifier) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", PROBE, specifier], { cwd: ROOT, env: childEnv(), encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop());
}

/** Medians per module: { [module]: { ms, cpuMs } } and the ratio sessionfleet / client-sts. */
export function measureImportCost(runs = 9) {
  const samples = Object.fromEntries(MODULES.map((m) => [m, []]));
  for (const m of MODULES) importOnce(m); // warm the OS file cache
  for (let i = 0; i < runs; i++) for (const m of MODULES) samples[m].push(importOnce(m));
  const result = Object.fromEntries(MODULES.map((m) => [m, { ms: median(samples[m].map((s) => s.ms)), cpuMs: median(samples[m].map((s) => s.cpuMs)) }]));
  return { runs, byModule: result, ratio: result[MODULES[0]].ms / result[MODULES[1]].ms };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { runs, byModule, ratio } = measureImportCost(Number(process.argv[2] ?? 9));
  for (const [m, r] of Object.entries(byModule)) console.log(`${m.padEnd(22)} import ${r.ms.toFixed(1).padStart(7)} ms   process cpu ${r.cpuMs.toFixed(1).padStart(7)} ms   (median of ${runs})`);
  console.log(`ratio sessionfleet / client-sts: ${ratio.toFixed(2)} (target ≤ 0.6, issue 23)`);
}
