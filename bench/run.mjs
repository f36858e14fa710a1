// npm run bench: the fan-out benchmark of issue 7 (docs/performance.md says what it measures and
// why). The sandbox runs in a process of its own; each contender run is a fresh process.
// Flags: --quick (1 round, 200-account scale run), --rounds N, --contenders a,b,c, --skip-scale,
// --skip-workers (the worker-threads run of issue 17), --skip-cpu (issue 23's CPU-per-target rounds),
// --skip-import, --no-write (leave docs/performance.md alone), --cpu-prof DIR (profile contenders).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measureImportCost } from "./import-cost.mjs";
import { cpuGoalSection, cpuPerTarget, describe as describeCpu } from "./lib/cpu-goal.mjs";
import { startSandboxProcess } from "./lib/processes.mjs";
import { machine, markdown, summarize, targetChecks } from "./lib/report.mjs";
import { fmt } from "./lib/stats.mjs";
import { writeGenerated } from "./lib/docs.mjs";
import { runWorkload } from "./lib/workloads.mjs";
import { runWorkersBench } from "./lib/workers-bench.mjs";
import { ownShare } from "./profile.mjs";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    contenders: { type: "string", default: "naive,tuned,sessionfleet" },
    "skip-scale": { type: "boolean", default: false },
    "skip-import": { type: "boolean", default: false },
    "skip-workers": { type: "boolean", default: false },
    "skip-cpu": { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
  },
});

const LATENCY = { default: 20, byService: { sts: 40 }, firstRequestOnConnection: 60 };
const MAIN = { accounts: 40, regions: 16, concurrency: 32, latencyMs: LATENCY };
const SCALE = { accounts: args.quick ? 200 : 1000, regions: 10, concurrency: 64, latencyMs: 0 };
const rounds = Number(args.rounds ?? (args.quick ? 1 : 5));
const contenders = args.contenders.split(",");
const profileArgv = (dir, name, round) => ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-name", `${name}-${round}.cpuprofile`];
const execArgv = args["cpu-prof"] ? (name, round) => profileArgv(args["cpu-prof"], name, round) : undefined;
const log = (line) => console.log(line);

// The sandbox adds byService latency to the default one, so an STS call takes 20 + 40 ms.
function idealBound({ accounts, regions, concurrency, latencyMs: l }) {
  const targets = accounts * regions;
  const waves = Math.ceil(targets / concurrency);
  const sts = l.default + l.byService.sts;
  const ms = waves * l.default + sts + l.firstRequestOnConnection;
  return { ms, text: `ceil(${targets} / ${concurrency}) × ${l.default} ms + STS ${sts} ms (${l.default} default + ${l.byService.sts} for STS: the sandbox adds them) + handshake ${l.firstRequestOnConnection} ms = **${ms} ms**` };
}

const started = Date.now();
const sandbox = startSandboxProcess();
const summaries = {};
let scale;
let workersSection = "";
let cpuSection = "";
try {
  log(`main workload: ${MAIN.accounts} accounts × ${MAIN.regions} regions, concurrency ${MAIN.concurrency}, ${rounds} round(s), contenders in turn: ${contenders.join(" ")}`);
  const main = await runWorkload(sandbox, MAIN, { contenders, rounds, concurrency: MAIN.concurrency, execArgv, log });
  for (const [name, runs] of Object.entries(main)) summaries[name] = summarize(runs);

  if (!args["skip-scale"] && contenders.includes("sessionfleet")) {
    const scaleContenders = contenders.filter((c) => c !== "naive");
    log(`scale run: ${SCALE.accounts} accounts × ${SCALE.regions} regions, zero latency, concurrency ${SCALE.concurrency}: ${scaleContenders.join(" ")}`);
    const runs = await runWorkload(sandbox, SCALE, { contenders: scaleContenders, rounds: 1, concurrency: SCALE.concurrency, execArgv, log });
    const scaleSummaries = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, summarize(v)]));
    scale = { summaries: scaleSummaries, overhead: await ownOverhead(scaleSummaries) };
  }
  if (!args["skip-cpu"] && contenders.includes("sessionfleet") && contenders.includes("tuned")) {
    const cpuRounds = args.quick ? 1 : 5;
    log(`CPU per target (issue 23): 300 accounts × 10 regions, zero latency, ${cpuRounds} round(s): tuned sessionfleet`);
    const cpu = await cpuPerTarget(sandbox, { contenders: ["tuned", "sessionfleet"], rounds: cpuRounds, log });
    for (const line of describeCpu(cpu)) log(line);
    cpuSection = cpuGoalSection(cpu);
  }
  if (!args["skip-workers"] && !args["skip-scale"] && contenders.includes("sessionfleet")) workersSection = await runWorkersBench(sandbox, { quick: args.quick, log });
} finally {
  await sandbox.close();
}

// sessionfleet's own CPU: self time in dist/ (sandbox excluded) in a CPU profile of one more
// sessionfleet scale run, next to the rest of the busy time (SDK, Node, GC) it wraps.
async function ownOverhead(s) {
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-bench-"));
  try {
    log("  profiling one more sessionfleet scale run (--cpu-prof) for its own CPU share");
    await runWorkload(sandbox, SCALE, { contenders: ["sessionfleet"], rounds: 1, concurrency: SCALE.concurrency, execArgv: (n, r) => profileArgv(dir, n, r), log });
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    const { busyMs, ownMs } = ownShare(join(dir, file));
    const targets = SCALE.accounts * SCALE.regions;
    const share = ownMs / (busyMs - ownMs);
    const net = s.tuned ? ((s.sessionfleet.cpuMs - s.tuned.cpuMs) * 1000) / targets : undefined;
    return {
      ok: share <= 0.1,
      text: `${fmt(100 * share, 1)}% (${fmt((ownMs * 1000) / targets)} µs/target)`,
      detail: `in a CPU profile of a sessionfleet scale run, self time in sessionfleet's own code (dist/, sandbox excluded) was ${fmt(ownMs)} ms of ${fmt(busyMs)} ms busy: ${fmt((ownMs * 1000) / targets)} µs per target, ${fmt(100 * share, 1)}% of the other ${fmt(busyMs - ownMs)} ms (SDK, Node, GC, imports) that it wraps.` +
        (net === undefined ? "" : ` Against hand-tuned SDK v3 on the same workload, sessionfleet's whole-process CPU differs by ${fmt(net)} µs per target (negative: sessionfleet spends less).`),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let imports;
if (!args["skip-import"]) {
  log("import cost: fresh processes, alternating");
  imports = measureImportCost(args.quick ? 5 : 9);
  for (const [m, r] of Object.entries(imports.byModule)) log(`  ${m.padEnd(22)} ${fmt(r.ms, 1).padStart(7)} ms  (process CPU ${fmt(r.cpuMs, 1)} ms)`);
}

const seconds = (Date.now() - started) / 1000;
const ideal = idealBound(MAIN);
const checks = targetChecks({ main: summaries, mainSpec: MAIN, scale, scaleSpec: SCALE, imports });
const machineInfo = machine();
const md = markdown({ main: summaries, mainSpec: MAIN, ideal, rounds, scale, scaleSpec: SCALE, imports, checks, machineInfo, seconds, when: new Date().toISOString().replace(/\.\d+Z$/, "Z"), quick: args.quick }) + cpuSection + workersSection;
log("");
log(md);
if (!args["no-write"] && !args["cpu-prof"] && contenders.length === 3) log(`\nwrote ${writeGenerated(md)}`);
