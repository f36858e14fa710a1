// Turns the runs into the printed table and the generated part of docs/performance.md.
import { cpus, freemem, loadavg, release, totalmem, type as osType } from "node:os";
import { createRequire } from "node:module";
import { fmt, medians } from "./stats.mjs";

const require = createRequire(import.meta.url);
const FIELDS = ["wallMs", "cpuMs", "peakRssMb", "assumeRole", "connections", "requests", "sandboxCpuMs"];

/** Medians of a contender's successful runs, with how many runs were right. */
export function summarize(runs) {
  const measured = runs.filter((r) => !r.failed);
  return {
    ...medians(measured, FIELDS),
    runs: runs.length,
    right: runs.filter((r) => r.check.ok).length,
    failure: runs.find((r) => r.failed)?.failed ?? runs.find((r) => !r.check.ok)?.check.examples.join("; "),
  };
}

/** CPU, memory, OS, Node and SDK versions, and the load the machine was under. */
export function machine() {
  const version = (pkg) => {
    try {
      return require(`${pkg}/package.json`).version;
    } catch {
      return "?";
    }
  };
  const c = cpus();
  return {
    cpu: `${c.length} × ${c[0]?.model?.trim() ?? "unknown CPU"}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end)`,
    os: `${osType()} ${release()}`,
    node: process.version,
    sdk: `@aws-sdk/client-rds ${version("@aws-sdk/client-rds")}, @aws-sdk/client-sts ${version("@aws-sdk/client-sts")}, @smithy/core ${version("@smithy/core")}`,
    load: loadavg().map((x) => x.toFixed(2)).join(" / "),
  };
}

const table = (head, rows) => [`| ${head.join(" | ")} |`, `| ${head.map((h, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const mark = (ok) => (ok === undefined ? "–" : ok ? "✅" : "❌");

/** The targets of issue 7, each with its measured value and whether it was reached. */
export function targetChecks({ main, mainSpec, scale, scaleSpec, imports }) {
  const sf = main.sessionfleet;
  const checks = [];
  if (sf) {
    checks.push(["AssumeRole calls = accounts (main, sessionfleet)", `${fmt(sf.assumeRole)} vs ${mainSpec.accounts}`, sf.assumeRole === mainSpec.accounts]);
    checks.push([`TCP connections ≤ concurrency + 16 = ${mainSpec.concurrency + 16} (main, sessionfleet)`, fmt(sf.connections), sf.connections <= mainSpec.concurrency + 16]);
    checks.push(["every result right (main, sessionfleet)", `${sf.right}/${sf.runs} runs`, sf.right === sf.runs]);
    if (main.tuned) checks.push(["fan-out wall ≤ hand-tuned SDK v3", `${fmt(sf.wallMs)} vs ${fmt(main.tuned.wallMs)} ms`, sf.wallMs <= main.tuned.wallMs]);
    if (main.naive) checks.push(["≥ 2.5× faster than naive SDK v3", `${fmt(main.naive.wallMs / sf.wallMs, 2)}×`, main.naive.wallMs / sf.wallMs >= 2.5]);
  }
  // run.mjs passes { summaries, overhead }: the scale checks were never shown while this read scale.sessionfleet.
  const ss = scale?.summaries?.sessionfleet;
  if (ss) {
    checks.push(["scale: every result right", `${ss.right}/${ss.runs} runs`, ss.right === ss.runs]);
    checks.push([`scale: AssumeRole calls = ${scaleSpec.accounts}`, fmt(ss.assumeRole), ss.assumeRole === scaleSpec.accounts]);
    checks.push(["scale: peak RSS ≤ 250 MB", `${fmt(ss.peakRssMb)} MB`, ss.peakRssMb <= 250]);
    if (scale.overhead) checks.push(["scale: sessionfleet's own CPU per target ≤ 10% of the SDK call", scale.overhead.text, scale.overhead.ok]);
  }
  // Issue 23's goals: import ≤ 0.6× client-sts; the standard workload's wall ≤ 0.6× hand-tuned
  // where it is CPU-bound; 10,000 targets at no more than 177 MB peak RSS.
  if (sf && main.tuned) checks.push(["issue 23: fan-out wall ≤ 0.6× hand-tuned SDK v3 (CPU-bound machine)", `${fmt(sf.wallMs / main.tuned.wallMs, 3)}×`, sf.wallMs / main.tuned.wallMs <= 0.6]);
  if (ss) checks.push(["issue 23: scale peak RSS ≤ 177 MB", `${fmt(ss.peakRssMb)} MB`, ss.peakRssMb <= 177]);
  if (imports) checks.push(["issue 23: import cost ≤ 0.6× @aws-sdk/client-sts", `${fmt(imports.ratio, 3)}×`, imports.ratio <= 0.6]);
  return checks;
}

/** Markdown for the generated section of docs/performance.md. */
export function markdown({ main, mainSpec, ideal, rounds, scale, scaleSpec, imports, checks, machineInfo, seconds, when, quick }) {
  const names = { naive: "naive SDK v3", tuned: "hand-tuned SDK v3", sessionfleet: "sessionfleet fanOut" };
  const mainRows = Object.entries(main).map(([k, s]) => [names[k] ?? k, fmt(s.wallMs), fmt(s.cpuMs), fmt(s.peakRssMb), fmt(s.assumeRole), fmt(s.connections), fmt(s.requests), `${s.right}/${s.runs}`]);
  const parts = [
    `Last run: ${when}${quick ? " (**--quick**: fewer rounds, smaller scale run; not a full result)" : ""}, ${seconds.toFixed(0)} s in all (build excluded).`,
    "",
    `Machine: ${machineInfo.cpu}; ${machineInfo.memory}; ${machineInfo.os}; Node ${machineInfo.node}; ${machineInfo.sdk}. Load average at the end (1/5/15 min): ${machineInfo.load}.`,
    "",
    `### Fan-out: ${mainSpec.accounts} accounts × ${mainSpec.regions} regions = ${mainSpec.accounts * mainSpec.regions} targets, concurrency ${mainSpec.concurrency} (medians of ${rounds} round${rounds === 1 ? "" : "s"})`,
    "",
    table(["contender", "wall ms", "CPU ms", "peak RSS MB", "AssumeRole", "TCP conns", "requests", "right"], mainRows),
    "",
    `Ideal bound: ${ideal.text}.`,
  ];
  if (scale) {
    const rows = Object.entries(scale.summaries).map(([k, s]) => [names[k] ?? k, fmt(s.wallMs), fmt(s.cpuMs), fmt((s.cpuMs * 1000) / (scaleSpec.accounts * scaleSpec.regions), 0), fmt(s.peakRssMb), fmt(s.assumeRole), fmt(s.connections), `${s.right}/${s.runs}`]);
    parts.push("", `### Scale: ${scaleSpec.accounts} accounts × ${scaleSpec.regions} regions = ${scaleSpec.accounts * scaleSpec.regions} targets, zero latency, concurrency ${scaleSpec.concurrency}`, "",
      table(["contender", "wall ms", "CPU ms", "CPU µs/target", "peak RSS MB", "AssumeRole", "TCP conns", "right"], rows));
    if (scale.overhead) parts.push("", `sessionfleet's own CPU: ${scale.overhead.detail}`);
  }
  if (imports) {
    parts.push("", `### Import cost (fresh process each, medians of ${imports.runs})`, "",
      table(["module", "import ms", "process CPU ms at end of import"], Object.entries(imports.byModule).map(([m, r]) => [`\`${m}\``, fmt(r.ms, 1), fmt(r.cpuMs, 1)])));
  }
  parts.push("", "### Targets", "", table(["target", "measured", "reached"], checks.map(([t, v, ok]) => [t, v, mark(ok)])));
  return parts.join("\n");
}
