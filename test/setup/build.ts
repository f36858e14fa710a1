// Tests that run the built package or the CLI need dist/. `npm test` builds first; this covers a
// bare `npx vitest run` on a fresh clone.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export default function setup(): void {
  const root = new URL("../..", import.meta.url).pathname;
  if (!existsSync(`${root}dist/index.js`)) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}
