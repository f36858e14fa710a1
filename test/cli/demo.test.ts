// `npm run demo` end to end (the bin with the package.json demo arguments, on a built tree), and
// the `sandbox` command: start, print the env, stop cleanly on SIGINT.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv, ESCAPE, ROOT, runCli } from "./run-cli.js";

function demoArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const script = pkg.scripts.demo ?? "";
  const match = /node dist\/cli\/bin\.js (.+?)(?:\s*(?:&&|\|\|).*)?$/.exec(script);
  if (!match?.[1]) throw new Error(`unexpected demo script: ${script}`);
  return match[1].split(/\s+/);
}

describe("demo", () => {
  it("runs option-groups across the sandbox organisation in a few seconds, with failures that explain themselves", async () => {
    const args = demoArgs();
    const run = await runCli(args, cleanEnv());
    expect(run.code).toBe(args.includes("--allow-failures") ? 0 : 1);
    expect(run.ms).toBeLessThan(15_000);
    expect(run.stdout).not.toMatch(ESCAPE);
    // Accounts (by name) × regions with totals: 8 enabled regions, 4 of them all zero and folded.
    expect(run.stdout.split("\n").slice(0, 7)).toEqual([
      "Account      ap-northeast-1  eu-west-1  us-east-1  us-west-2  others (4)  Total",
      "prod-web                  0          1          3          0           0      4",
      "prod-data                 0          0          2          1           0      3",
      "prod-legacy               ✗          ✗          ✗          ✗           ✗      ✗",
      "dev-web                   4          0          0          0           0      4",
      "dev-data                  0          0          0          0           0      0",
      "Total                     4          1          5          1           0     11",
    ]);
    // 6 accounts × 8 regions fit an 80-column terminal, and so does every note below them.
    expect(run.stdout.split("\n").filter((l) => [...l].length > 80)).toEqual([]);
    expect(run.stdout).toContain("✗ failed (details on stderr); totals count the targets that answered.");
    expect(run.stdout).toContain("Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)");
    expect(run.stdout).not.toContain("dev-retired  ");
    expect(run.stderr).toMatch(/^ {2}1 × assume-role access-denied ERR_ASSUME_ROLE \(AccessDenied\): 200000000003 \(regions unknown\)\n {4}AWS said: .*not authorized to perform: sts:AssumeRole/m);
    expect(run.stderr).not.toContain("Warning");
  });

  it("sandbox prints the exports, serves until SIGINT, then exits 0", async () => {
    let exports = "";
    const run = await runCli(["sandbox"], cleanEnv(), (child) => {
      child.stdout?.on("data", (chunk: Buffer | string) => {
        exports += String(chunk);
        if (exports.includes("AWS_REGION=")) child.kill("SIGINT");
      });
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+\nexport AWS_ACCESS_KEY_ID=\S*FAKE\S*\nexport AWS_SECRET_ACCESS_KEY=\S+\nexport AWS_REGION=us-east-1\n$/);
    expect(run.stderr).toContain("Ctrl-C stops it.");
  });
});
