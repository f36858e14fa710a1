// The library's requests find their session in the SDK's per-send handler context, never in an
// AsyncLocalStorage: in Node 20 one AsyncLocalStorage turns on promise hooks for every promise of
// the process (~5% of a fan-out's CPU, docs/performance.md), a cost a library must not put on its
// users. The CLI and the sandbox are processes of their own and are not checked.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../../src", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("no AsyncLocalStorage in the library", () => {
  it("no file of src/ outside cli/ and sandbox/ uses node:async_hooks", () => {
    const library = files(SRC).filter((file) => !/^(cli|sandbox)\//.test(relative(SRC, file)));
    expect(library.length).toBeGreaterThan(50);
    expect(library.filter((file) => /from ["']node:async_hooks["']|new AsyncLocalStorage/.test(readFileSync(file, "utf8"))).map((file) => relative(SRC, file))).toEqual([]);
  });
});
