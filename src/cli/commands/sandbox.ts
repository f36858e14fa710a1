// `sessionfleet sandbox [--port N]`: a local AWS with the demo organisation until Ctrl-C.
import type { CliCommand } from "../args.js";
import { palette, useColor } from "../color.js";
import { EXIT, type CliIo } from "../io.js";

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
    const sandbox = await startSandbox({ port: command.port });
    try {
      const colors = palette(useColor(io.stderr, io.env));
      io.stdout.write(formatSandboxExports(sandbox));
      const org = sandbox.organization;
      io.stderr.write(colors.dim(
        `# sandbox on ${sandbox.endpoint}: management account ${sandbox.managementAccountId}, ${org.accounts.length} member accounts, `
        + `${org.regions.enabled.length} enabled regions. Try, in another shell after the exports above:\n`
        + "#   sessionfleet option-groups --accounts org --role OrganizationAccountAccessRole --regions enabled\n"
        + "# Ctrl-C stops it.\n",
      ));
      io.stderr.write(colors.dim(formatSandboxSsoLines(sandbox)));
      await stopped;
      return EXIT.OK;
    } finally {
      await sandbox.close();
    }
  } finally {
    stop();
  }
}
