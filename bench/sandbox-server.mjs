// The sandbox in a process of its own, driven over IPC by bench/run.mjs, so that its work
// (SigV4 checks, XML) never lands in a contender's CPU time and its event loop never sits in
// the orchestrator's way. Messages: { id, op: "start" | "stats" | "reset" | "close", ... }.
import { startSandbox } from "../dist/sandbox/index.js";
import { sandboxOptions } from "./workload.mjs";

let sb;
let cpuAtReset = process.cpuUsage();

const ops = {
  async start({ workload }) {
    if (sb) await sb.close();
    sb = await startSandbox(sandboxOptions(workload));
    cpuAtReset = process.cpuUsage();
    return { endpoint: sb.endpoint, credentials: sb.credentials };
  },
  stats() {
    const cpu = process.cpuUsage(cpuAtReset);
    return { ...sb.stats(), cpuMs: (cpu.user + cpu.system) / 1000 };
  },
  reset() {
    sb.resetStats();
    cpuAtReset = process.cpuUsage();
    return {};
  },
  async close() {
    if (sb) await sb.close();
    sb = undefined;
    setTimeout(() => process.disconnect(), 0);
    return {};
  },
};

process.on("message", (/** @type {any} */ message) => {
  const { id, op } = message;
  Promise.resolve()
    .then(() => ops[op](message))
    .then((value) => process.send({ id, value }), (error) => process.send({ id, error: String(error?.stack ?? error) }));
});
