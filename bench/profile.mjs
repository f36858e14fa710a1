// Reads a V8 .cpuprofile (node --cpu-prof) and says where the CPU went: self time by package
// (sessionfleet's dist/, each @aws-sdk / @smithy package, node internals), the top functions, and
// optionally the inclusive time under given function names.
// Usage: node bench/profile.mjs FILE.cpuprofile [--top N] [--inclusive name,name]
// Also imported by run.mjs, which uses ownShare() for the scale run.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const IDLE = new Set(["(idle)", "(program)"]);

/** Which bucket a call frame's code belongs to. */
export function packageOf(url) {
  if (!url) return "(native/vm)";
  if (url.startsWith("node:")) return "node:internal";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes("/dist/sandbox/")) return "sessionfleet (sandbox)";
  if (url.includes("/dist/")) return "sessionfleet";
  if (url.includes("/bench/")) return "bench";
  return url;
}

/** Self time (ms) per node id and the tree of a profile. */
export function loadProfile(file) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { byId, self, parent };
}

/** Busy CPU (ms, idle excluded), and the part whose self time is in sessionfleet's own code. */
export function ownShare(file) {
  const { byId, self } = loadProfile(file);
  let busy = 0;
  let own = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id).callFrame;
    if (IDLE.has(frame.functionName)) continue;
    busy += ms;
    if (packageOf(frame.url) === "sessionfleet") own += ms;
  }
  return { busyMs: busy, ownMs: own };
}

function summarize(file, top, inclusiveNames) {
  const { byId, self, parent } = loadProfile(file);
  const byPackage = new Map();
  const byFunction = new Map();
  const inclusive = new Map(inclusiveNames.map((n) => [n, 0]));
  let busy = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id).callFrame;
    if (IDLE.has(frame.functionName)) continue;
    busy += ms;
    const pkg = packageOf(frame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const key = `${frame.functionName || "(anonymous)"}  ${pkg} ${frame.url.split("/").slice(-1)[0]}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at).callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, inclusive.get(name) + ms);
      }
    }
  }
  const pct = (ms) => `${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${busy.toFixed(0)} ms busy`);
  console.log("self time by package:");
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(v)}  ${k}`);
  console.log(`top ${top} functions by self time:`);
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
  if (inclusive.size > 0) {
    console.log("inclusive time:");
    for (const [k, v] of inclusive) console.log(`  ${pct(v)}  ${k}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" }, inclusive: { type: "string", default: "" } } });
  for (const file of positionals) summarize(file, Number(values.top), values.inclusive.split(",").filter(Boolean));
}
