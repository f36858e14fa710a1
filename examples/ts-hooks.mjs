// Lets Node 20 run the TypeScript examples directly, without a build step or a new dependency:
//   node --import ./examples/ts-hooks.mjs examples/count-option-groups.ts --regions us-east-1
// It strips types with the project's own `typescript` (a dev dependency). Node >= 22.18 strips
// types natively, so there `node examples/count-option-groups.ts` works too; the examples use
// only erasable syntax for that reason.
import { register } from "node:module";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isMainThread } from "node:worker_threads";

// Module hooks run in a worker thread of their own: register once, from the main thread.
if (isMainThread) register(import.meta.url);

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts") || url.includes("/node_modules/")) return nextLoad(url, context);
  const { default: ts } = await import("typescript");
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, "utf8"), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
