// Every JavaScript and TypeScript block of README.md and docs/*.md must be valid syntax for the
// Node that runs this suite (CI's: Node 20, which the README supports). TypeScript blocks are
// type-checked elsewhere (snippets.test.ts) by a compiler that accepts newer syntax (`await
// using`) and would lower it; here each is only stripped of its types, keeping its syntax, and
// `node --check` parses it as an ES module. js/mjs blocks are parsed as they are.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { allBlocks, isTypeScript, type CodeBlock } from "./markdown.js";

const run = promisify(execFile);
const isJavaScript = (b: CodeBlock): boolean => ["js", "mjs", "javascript"].includes(b.lang);
const blocks = allBlocks().filter((b) => isTypeScript(b) || isJavaScript(b));
const dir = mkdtempSync(join(tmpdir(), "sf-doc-syntax-"));

/** The block as the JavaScript a user on this Node would run: types gone, syntax untouched. */
function asJavaScript(block: CodeBlock): string {
  if (!isTypeScript(block)) return block.code;
  return ts.transpileModule(block.code, { compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false } }).outputText;
}

/** `node --check` on the block; the first line of its SyntaxError, or "" when it parses. */
async function syntaxError(block: CodeBlock): Promise<string> {
  const file = join(dir, `${block.doc.replace(/[/.]/g, "_")}_L${block.line}.mjs`);
  writeFileSync(file, asJavaScript(block));
  try {
    await run(process.execPath, ["--check", file], { timeout: 30_000 });
    return "";
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    return `${block.doc}:${block.line}: ${stderr.split("\n").find((l) => l.startsWith("SyntaxError")) ?? stderr.split("\n")[0]}`;
  }
}

describe(`docs' code blocks parse on ${process.version}`, () => {
  it("finds the blocks (and the check fails on `await using`, which Node 20 cannot parse)", async () => {
    expect(blocks.length).toBeGreaterThan(10);
    const probe = await syntaxError({ doc: "probe.md", line: 1, lang: "ts", code: "const x = { [Symbol.asyncDispose]: async () => {} };\nawait using y = x;\n" });
    // On a Node with explicit resource management the probe parses; on CI's Node 20 it must not.
    if (Number(process.versions.node.split(".")[0]) < 24) expect(probe).toMatch(/SyntaxError/);
  });

  it("every js/mjs/ts block of README.md and docs/*.md is valid syntax here", async () => {
    const errors = (await Promise.all(blocks.map(syntaxError))).filter((e) => e !== "");
    expect(errors).toEqual([]);
  }, 120_000);
});
