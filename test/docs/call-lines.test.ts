// Issue 20 B6: every `sessionfleet call` line in the README and docs/*.md runs. Each is pointed
// at the embedded sandbox (one member account, one region, the demo's role); the operation must
// resolve (no ERR_INVALID_INPUT, whatever spelling the doc uses) and reach the service: it answers,
// or the sandbox says it does not implement that very action.
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadOperation } from "../../src/cli/call/sdk-module.js";
import { codeBlocks, docFiles, isShell } from "./markdown.js";

const words = (line: string): string[] => [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(([, a, b, c]) => a ?? b ?? c!);

function callLines(): Array<{ where: string; argv: string[] }> {
  const found: Array<{ where: string; argv: string[] }> = [];
  for (const doc of docFiles()) {
    for (const block of codeBlocks(doc)) {
      if (!isShell(block)) continue;
      for (const line of block.code.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.replace(/\s+#.*$/, "").trim())) {
        if (/^(npx )?sessionfleet call /.test(line) && !line.includes("$")) found.push({ where: `${doc}:${block.line}`, argv: words(line).slice(line.startsWith("npx ") ? 2 : 1) });
      }
    }
  }
  return found;
}

/** The line's flags without its targets, plus the sandbox's. */
function onSandbox(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (["--accounts", "--accounts-file", "--role", "--regions"].includes(argv[i]!)) i++;
    else if (argv[i] !== "--sandbox") out.push(argv[i]!);
  }
  return [...out, "--sandbox", "--accounts", "200000000001", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1"];
}

const lines = callLines();

describe("every call line in the docs", () => {
  it("is found (docs/cli.md has the AWS CLI spelling among them)", () => {
    expect(lines.some((l) => l.argv[2] === "describe-db-instances")).toBe(true);
  });

  it.each(lines.map((l) => [`${l.where} ${l.argv.slice(0, 3).join(" ")}`, l] as const))("%s runs against the sandbox", async (_, { where, argv }) => {
    let stderr = "";
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) }, env: {} };
    const code = await main(onSandbox(argv), io);
    expect(stderr, where).not.toContain("ERR_INVALID_INPUT");
    if (code !== 0) {
      const { Command } = await loadOperation(argv[1]!, argv[2]!);
      expect(stderr, where).toContain(`the action "${Command.name.replace(/Command$/, "")}"`);
    }
    expect(code, `${where}\n${stderr}`).toBeLessThanOrEqual(1);
  });
});
