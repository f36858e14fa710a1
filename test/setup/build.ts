// Tests that run the built package or the CLI need dist/, and a dist/ older than src/ would test
// stale code. `npm test` builds first; this covers a bare `npx vitest run` on a fresh clone and
// after any edit under src/ (or of the build config): it rebuilds when a source is newer than the
// last build, and costs one directory walk when dist/ is fresh. tsc re-emits every file on each
// build, so dist/index.js carries the time of the last build.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time of the files under `dir`, in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** When dist/ was last built, or 0 when it was not. */
function builtAt(root: string): number {
  try {
    return statSync(join(root, "dist/index.js")).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  const root = new URL("../..", import.meta.url).pathname;
  const sources = Math.max(newest(join(root, "src")), ...["tsconfig.json", "tsconfig.build.json"].map((f) => statSync(join(root, f)).mtimeMs));
  if (sources > builtAt(root)) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}
