// Every TypeScript block of README.md and docs/*.md is either an example file included verbatim
// (`<!-- include: examples/x.ts -->` on the line above the fence) or type-checked here, all at
// once with the compiler API against the built package, as a user's file in this repo would be.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { allBlocks, docFiles, isTypeScript, ROOT, strayIncludes, type CodeBlock } from "./markdown.js";

const blocks = allBlocks().filter(isTypeScript);
const included = blocks.filter((b) => b.include !== undefined);
const checked = blocks.filter((b) => b.include === undefined);

// Virtual files under docs/snippets/, so "sessionfleet" resolves to this package (self-reference).
const snippetPath = (block: CodeBlock): string =>
  join(ROOT, "docs", "snippets", `${block.doc.replace(/[/.]/g, "_")}_L${block.line}.ts`);
// A block without import or export is a script to TypeScript; make it a module (top-level await).
const asModule = (code: string): string => (/^\s*(import|export)\s/m.test(code) ? code : `${code}\nexport {};\n`);

function typeCheck(snippets: CodeBlock[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error("tsconfig.json could not be read");
  const files = new Map(snippets.map((b) => [snippetPath(b), { block: b, text: asModule(b.code) }]));
  const options = { ...config.options, noEmit: true, noUnusedLocals: false };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.text ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const file = files.get(name);
    return file ? ts.createSourceFile(name, file.text, language, true) : getSourceFile.call(host, name, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const file = d.file && files.get(d.file.fileName);
    if (!d.file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    // Point at the markdown line: the block's body starts one line after its fence.
    return file ? `${file.block.doc}:${file.block.line + 1 + line}: ${text}` : `${d.file.fileName}:${line + 1}: ${text}`;
  });
}

// A deliberately broken block, checked in the same program, proves the check can fail.
const PROBE: CodeBlock = { doc: "probe.md", line: 1, lang: "ts", code: 'import { CredentialSession } from "sessionfleet";\nnew CredentialSession({ regoin: "us-east-1" });' };
let diagnostics: string[] | undefined;
// One program for every block: creating it (loading the SDK's types) is the slow part.
const checkAll = (): string[] => (diagnostics ??= typeCheck([...checked, PROBE]));

describe("code blocks in README.md and docs/", () => {
  it("include comments sit right above a fence", () => {
    expect(docFiles().flatMap((doc) => strayIncludes(doc).map((line) => `${doc}:${line}`))).toEqual([]);
  });

  it("included blocks equal their example files", () => {
    expect(included.length).toBeGreaterThan(0);
    for (const block of included) {
      const file = readFileSync(join(ROOT, block.include!), "utf8");
      expect(`${block.code}\n`, `${block.doc}:${block.line} includes ${block.include} (run node test/docs/sync-includes.mjs)`).toBe(file);
    }
  });

  it("every other TypeScript block type-checks against the built package", () => {
    expect(checked.length).toBeGreaterThan(0);
    expect(checkAll().filter((d) => !d.startsWith("probe.md:"))).toEqual([]);
  });

  it("the type check catches a broken block (the test can fail)", () => {
    expect(checkAll().filter((d) => d.startsWith("probe.md:")).join("\n")).toMatch(/^probe\.md:3: .*regoin/);
  });
});
