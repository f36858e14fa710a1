// Relative links of README.md and docs/*.md point at files that exist, so a renamed example or
// test file cannot leave a dead link behind.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { docFiles, ROOT } from "./markdown.js";

describe("links in README.md and docs/", () => {
  it("every relative link and every linked test or example path exists", () => {
    const dead: string[] = [];
    for (const doc of docFiles()) {
      const text = readFileSync(join(ROOT, doc), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!) || target!.startsWith("#")) continue;
        const path = join(dirname(join(ROOT, doc)), target!.split("#")[0]!);
        if (!existsSync(path)) dead.push(`${doc}: ${target}`);
      }
      // Paths named in backticks, e.g. `test/e2e/session.e2e.test.ts`.
      for (const [, named] of text.matchAll(/`((?:test|examples|src)\/[\w./-]+\.(?:ts|mjs))`/g)) {
        if (!existsSync(join(ROOT, named!))) dead.push(`${doc}: ${named}`);
      }
    }
    expect(dead).toEqual([]);
  });
});
