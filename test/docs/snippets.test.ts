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

function typeCheck(snippets: CodeBlock[]): { diagnostics: string[]; program: ts.Program; fileOf(block: CodeBlock): string } {
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
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const file = d.file && files.get(d.file.fileName);
    if (!d.file || d.start === undefined) return text;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    // Point at the markdown line: the block's body starts one line after its fence.
    return file ? `${file.block.doc}:${file.block.line + 1 + line}: ${text}` : `${d.file.fileName}:${line + 1}: ${text}`;
  });
  return { diagnostics, program, fileOf: snippetPath };
}

// A deliberately broken block, checked in the same program, proves the check can fail.
const PROBE: CodeBlock = { doc: "probe.md", line: 1, lang: "ts", code: 'import { CredentialSession } from "sessionfleet";\nnew CredentialSession({ regoin: "us-east-1" });' };
// The public entry points as a user imports them, for the TSDoc check.
const ENTRIES: CodeBlock = { doc: "entries.md", line: 1, lang: "ts", code: 'export * as main from "sessionfleet";\nexport * as sandbox from "sessionfleet/sandbox";' };
let checkedOnce: ReturnType<typeof typeCheck> | undefined;
// One program for every block: creating it (loading the SDK's types) is the slow part.
const checkOnce = () => (checkedOnce ??= typeCheck([...checked, PROBE, ENTRIES]));
const checkAll = (): string[] => checkOnce().diagnostics;

/** Exports of "sessionfleet" and "sessionfleet/sandbox" (from the built .d.ts) without a TSDoc comment. */
function undocumentedExports(): { missing: string[]; seen: string[] } {
  const { program, fileOf } = checkOnce();
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(fileOf(ENTRIES))!;
  const missing: string[] = [];
  const seen: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const entry = (statement.moduleSpecifier as ts.StringLiteral).text;
    const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (!module) throw new Error(`${entry} did not resolve`);
    for (const exported of checker.getExportsOfModule(module)) {
      seen.push(`${entry}: ${exported.name}`);
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === "") missing.push(`${entry}: ${exported.name}`);
    }
  }
  return { missing, seen };
}

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

  it("every export of sessionfleet and sessionfleet/sandbox has a TSDoc comment", () => {
    const { missing, seen } = undocumentedExports();
    expect(seen).toContain("sessionfleet: CredentialSession");
    expect(seen).toContain("sessionfleet/sandbox: startSandbox");
    expect(missing).toEqual([]);
  });

  it("the type check catches a broken block (the test can fail)", () => {
    expect(checkAll().filter((d) => d.startsWith("probe.md:")).join("\n")).toMatch(/^probe\.md:3: .*regoin/);
  });
});
