// What `npm pack` would publish: the built entries, their sources (so source maps resolve), the
// licence, and nothing that runs at install time.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;
interface Pack { files: Array<{ path: string }>; entryCount: number }
let files: Set<string>;

beforeAll(() => {
  // --ignore-scripts: dist/ is already built by the test setup; prepack would only build it again.
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const [pack] = JSON.parse(out) as Pack[];
  files = new Set(pack!.files.map((f) => f.path));
});

describe("the packed package", () => {
  it("holds the entries package.json names, the licence and the docs, and no tests, benches or scratch", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { main: string; types: string; bin: Record<string, string>; exports: Record<string, string | Record<string, string>> };
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin)];
    for (const entry of Object.values(pkg.exports)) targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
    for (const target of targets) expect(files, target).toContain(normalize(target));
    expect(files).toContain("LICENSE");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
    expect(files).toContain("README.md");
    expect(files).toContain("docs/cli.md");
    expect([...files].filter((f) => /^(test|bench|examples|scripts|node_modules|\.ci|coverage)\//.test(f) || f.startsWith("docs/api/"))).toEqual([]);
  });

  it("every source map points at a file the package ships", () => {
    const maps = [...files].filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, map), "utf8")) as { sources: string[] };
      for (const source of sources) {
        const path = normalize(join(dirname(map), source));
        if (!files.has(path)) missing.push(`${map} → ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("runs no script when installed (it is built before packing, in prepack)", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(Object.keys(scripts).filter((s) => ["preinstall", "install", "postinstall", "prepare"].includes(s))).toEqual([]);
    expect(scripts.prepack).toBe("npm run build");
  });
});
