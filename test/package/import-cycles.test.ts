// The house's floors: modules under src/ import downwards only, so no two files (or longer
// rings) import each other, type-only imports included — a type that two files share lives in
// the lower one (credentials/store-types.ts, fanout/types.ts, fanout/accounts-plan.ts).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../../src", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(SRC)) {
    const deps = new Set<string>();
    for (const m of readFileSync(file, "utf8").matchAll(/(?:import|export)\s+(?:type\s+)?[^;]*?from\s+"(\.[^"]+)"/gs)) {
      deps.add(normalize(join(dirname(file), m[1]!)).replace(/\.js$/, ".ts"));
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan). */
function rings(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const ring: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        ring.push(relative(SRC, w));
      } while (w !== v);
      if (ring.length > 1) found.push(ring.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("src/ import graph", () => {
  it("has no import cycles, type-only imports included", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(rings(graph)).toEqual([]);
  });

  it("finds a planted cycle (the check can fail)", () => {
    const graph = new Map([["/a.ts", new Set(["/b.ts"])], ["/b.ts", new Set(["/a.ts"])]]);
    expect(rings(graph).length).toBe(1);
  });
});
