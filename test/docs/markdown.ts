// Code blocks of the README and docs/*.md, with where they are, for the tests that keep every
// block honest: included example files must match, TypeScript must type-check, commands must parse.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One fenced block: its language, its text, the file and 1-based line of its opening fence. */
export interface CodeBlock {
  doc: string;
  line: number;
  lang: string;
  code: string;
  /** The example file named by an `<!-- include: path -->` comment on the line before the fence. */
  include?: string;
}

/** README.md and every docs/*.md except the generated API reference. */
export function docFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs];
}

const FENCE = /^```([\w-]*)[^\n]*$/;
const INCLUDE = /^<!--\s*include:\s*(\S+)\s*-->$/;

/** The fenced blocks of one markdown file (path relative to the repository root). */
export function codeBlocks(doc: string): CodeBlock[] {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    const include = INCLUDE.exec(lines[start - 1]?.trim() ?? "")?.[1];
    blocks.push({ doc, line: start + 1, lang: open[1] ?? "", code: body.join("\n"), ...(include !== undefined && { include }) });
  }
  return blocks;
}

/** Every block of every doc. */
export function allBlocks(): CodeBlock[] {
  return docFiles().flatMap(codeBlocks);
}

/** `<!-- include: ... -->` comments that are not right above a fence (a typo would skip the check). */
export function strayIncludes(doc: string): number[] {
  const lines = readFileSync(join(ROOT, doc), "utf8").split("\n");
  return lines.flatMap((line, i) => (INCLUDE.test(line.trim()) && !FENCE.test(lines[i + 1] ?? "") ? [i + 1] : []));
}

export const isTypeScript = (block: CodeBlock): boolean => block.lang === "ts" || block.lang === "typescript";
export const isShell = (block: CodeBlock): boolean => block.lang === "sh" || block.lang === "bash" || block.lang === "shell";
