// `sessionfleet sandbox [--port N] [--latency T]`: a local AWS with the demo organisation until
// Ctrl-C or SIGTERM; then its request counters on stderr. While it runs they are served as JSON
// on GET <endpoint>/_sandbox/stats (src/sandbox/stats-route.ts).
import type { SandboxStats } from "../../sandbox/index.js";
import type { CliCommand } from "../args/command-types.js";
import { palette, useColor } from "../output/color.js";
import { EXIT, type CliIo } from "../io.js";
import { countOf } from "../output/plural.js";

/** Runs `sandbox`: prints the exports to use it, then waits for SIGINT or SIGTERM and closes it. */
export async function run(command: Extract<CliCommand, { command: "sandbox" }>, io: CliIo): Promise<number> {
  // Listen before anything is printed: whoever reads the exports may signal right away.
  let stop = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  try {
    const { startSandbox, formatSandboxExports, formatSandboxSsoLines } = await import("../../sandbox/index.js");
    const sandbox = await startSandbox({ port: command.port, ...(command.latencyMs !== undefined && { latencyMs: command.latencyMs }) });
    const colors = palette(useColor(io.stderr, io.env));
    try {
      io.stdout.write(formatSandboxExports(sandbox));
      const org = sandbox.organization;
      io.stderr.write(colors.dim(
        `# sandbox on ${sandbox.endpoint}: management account ${sandbox.managementAccountId}, ${org.accounts.length} member accounts, `
        + `${org.regions.enabled.length} enabled regions. Try, in another shell after the exports above:\n`
        + "#   sessionfleet option-groups --accounts org --role OrganizationAccountAccessRole --regions enabled\n"
        + (command.latencyMs ? `# latency: ${command.latencyMs} ms on every AWS answer\n` : "")
        + "# request counters: GET <endpoint>/_sandbox/stats (JSON), and printed here at exit. Ctrl-C stops it.\n",
      ));
      io.stderr.write(colors.dim(formatSandboxSsoLines(sandbox)));
      await stopped;
      io.stderr.write(colors.dim(statsText(sandbox.stats())));
      return EXIT.OK;
    } finally {
      await sandbox.close();
    }
  } finally {
    stop();
  }
}

/** The counters at exit: totals, then one line per action, most called first. */
export function statsText(stats: SandboxStats): string {
  const lines = [`# sandbox stats at exit: ${countOf(stats.requests, "request")}, ${stats.assumeRole.total} AssumeRole, max ${stats.maxInFlight} in flight`];
  const actions = Object.entries(stats.byAction).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  for (const [action, count] of actions) lines.push(`#   ${action} ${count}`);
  return `${lines.join("\n")}\n`;
}
