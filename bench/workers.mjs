// Only the worker-threads run of the benchmark (issue 17): `npm run build && node bench/workers.mjs [--quick]`.
// Prints its markdown section; `npm run bench` runs the same section and writes it into docs/performance.md.
import { parseArgs } from "node:util";
import { startSandboxProcess } from "./lib/processes.mjs";
import { runWorkersBench } from "./lib/workers-bench.mjs";

const { values: args } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const sandbox = startSandboxProcess();
try {
  console.log(await runWorkersBench(sandbox, { quick: args.quick, log: (line) => console.log(line) }));
} finally {
  await sandbox.close();
}
