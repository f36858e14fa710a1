// `sessionfleet --help` must stay fast: the static import graph of the CLI's entry holds no SDK
// client, no table or progress package and no fan-out; commands load those when they run.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  // Value imports only: `import type` and `import("…")` do not load anything at start-up.
  return [...text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!);
}

function graph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => f.slice(SRC.length + 1)).sort(), packages: [...packages].sort() };
}

describe("start-up", () => {
  it("bin → main loads only the parser, help and node built-ins", () => {
    const { files, packages } = graph(join(SRC, "cli", "bin.ts"));
    expect(packages.every((p) => p.startsWith("node:"))).toBe(true);
    // errors-classify.ts requires @smithy/core/retry on first use, not at start-up.
    expect(files.filter((f) => !f.startsWith("cli/"))).toEqual(["body-words.ts", "credentials/expired-retry.ts", "errors-classify.ts", "errors.ts", "partitions-data.ts", "partitions.ts", "sdk-require.ts", "untrusted.ts", "validate.ts"]);
    // untrusted.ts: main escapes control characters in the one error line it prints (no imports of its own).
    expect(files).not.toContain("cli/run/fleet.ts");
    expect(files).not.toContain("cli/output/render.ts");
  });
});
