// The `sessionfleet` command lines of README.md and docs/*.md: every one must parse; the
// `--help` ones print the help; the `--sandbox` ones run against an embedded sandbox, and when a
// ```text block follows, it must be exactly what the command prints.
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args/parse.js";
import { helpText } from "../../src/cli/args/help.js";
import { main } from "../../src/cli/main.js";
import { docFiles, codeBlocks, isShell } from "./markdown.js";

interface DocCommand {
  where: string;
  argv: string[];
  /** The text block right after this command's block, when the block holds this one command. */
  expected?: string;
}

/** Words of a simple shell line: '…' and "…" quoting, no expansions. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const [, single, double, bare] of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(single ?? double ?? bare!);
  return out;
}

function docCommands(): DocCommand[] {
  const found: DocCommand[] = [];
  for (const doc of docFiles()) {
    const blocks = codeBlocks(doc);
    blocks.forEach((block, i) => {
      if (!isShell(block)) return;
      const lines = block.code.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.replace(/\s+#.*$/, "").trim());
      const commands = lines.filter((l) => /^(npx )?sessionfleet( |$)/.test(l));
      const next = blocks[i + 1];
      for (const line of commands) {
        // Lines with shell expansions ($VAR, $(...)) are templates, not commands.
        if (line.includes("$")) continue;
        const argv = words(line).slice(line.startsWith("npx ") ? 2 : 1);
        const expected = commands.length === 1 && next?.lang === "text" ? `${next.code}\n` : undefined;
        found.push({ where: `${doc}:${block.line}`, argv, ...(expected !== undefined && { expected }) });
      }
    });
  }
  return found;
}

async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) }, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const commands = docCommands();

describe("sessionfleet command lines in the docs", () => {
  it("are found (README and docs/cli.md have some)", () => {
    expect(commands.some((c) => c.where.startsWith("README.md"))).toBe(true);
    expect(commands.filter((c) => c.where.startsWith("docs/cli.md")).length).toBeGreaterThan(10);
  });

  it("all parse", () => {
    const bad: string[] = [];
    for (const c of commands) {
      try {
        parseCommandLine(c.argv);
      } catch (error) {
        bad.push(`${c.where} ${c.argv.join(" ")}: ${(error as Error).message}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("--help ones print the help", async () => {
    const help = commands.filter((c) => c.argv.includes("--help"));
    expect(help.length).toBeGreaterThan(0);
    for (const c of help) {
      const topic = c.argv[0] === "--help" ? undefined : (c.argv[0] as Parameters<typeof helpText>[0]);
      expect(await runCli(c.argv), c.where).toEqual({ code: 0, stdout: `${helpText(topic)}\n`, stderr: "" });
    }
  });

  it("--sandbox ones run, and print exactly the output shown after them", async () => {
    const runs = commands.filter((c) => c.argv.includes("--sandbox"));
    expect(runs.filter((c) => c.expected !== undefined).length).toBeGreaterThanOrEqual(3);
    for (const c of runs) {
      const { code, stdout, stderr } = await runCli(c.argv);
      expect(stderr, c.where).not.toContain("ERR_INVALID_INPUT");
      // The demo organisation has one account without the role: exit 1 when the org is a target.
      expect(code, `${c.where}\n${stderr}`).toBe(c.argv.includes("org") ? 1 : 0);
      // CSV lines end with CRLF (RFC 4180); markdown has plain newlines.
      if (c.expected !== undefined) expect(stdout.replace(/\r\n/g, "\n"), c.where).toBe(c.expected);
    }
  });
});
