// The CLI's one entry: argv → command → exit code. Only the parser and help are loaded up front;
// each command (and the SDK clients it needs) is imported when it runs, so --help stays fast.
import { readFileSync } from "node:fs";
import { FleetError, messageOf } from "../errors.js";
import { parseCommandLine } from "./args/parse.js";
import type { CliCommand } from "./args/command-types.js";
import { palette, useColor } from "./output/color.js";
import { configErrorIn, renderConfigError } from "./output/config-error.js";
import { inFlagWords } from "./args/flag-message.js";
import { helpText } from "./args/help.js";
import { EXIT, processIo, type CliIo } from "./io.js";
import { untrusted } from "../untrusted.js";

export { EXIT, type CliIo } from "./io.js";

/** A command implementation: runs, prints, and returns the exit code. */
export type CommandRunner = (command: CliCommand, io: CliIo) => Promise<number>;

// Each module's `run` takes its own member of CliCommand; the parser guarantees the match.
const COMMAND_MODULES: Record<CliCommand["command"], () => Promise<{ run: (command: never, io: CliIo) => Promise<number> }>> = {
  "option-groups": () => import("./commands/option-groups.js"),
  whoami: () => import("./commands/whoami.js"),
  exec: () => import("./commands/exec.js"),
  call: () => import("./commands/call.js"),
  regions: () => import("./commands/regions.js"),
  accounts: () => import("./commands/accounts.js"),
  merge: () => import("./commands/merge.js"),
  sandbox: () => import("./commands/sandbox.js"),
  cache: () => import("./commands/cache.js"),
  help: () => Promise.reject(new Error("help is not a module")),
  version: () => Promise.reject(new Error("version is not a module")),
};

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let profile: string | undefined;
  try {
    const command = parseCommandLine(argv);
    if ("session" in command) profile = command.session.profile;
    if (command.command === "help") {
      io.stdout.write(`${helpText(command.topic)}\n`);
      return EXIT.OK;
    }
    if (command.command === "version") {
      io.stdout.write(`${version()}\n`);
      return EXIT.OK;
    }
    const { run } = await COMMAND_MODULES[command.command]();
    const code = await (run as CommandRunner)(command, io);
    return io.outputClosed?.aborted ? EXIT.PIPE_CLOSED : code;
  } catch (error) {
    // Nobody is reading any more: end quietly, whatever the closed pipe made fail.
    if (io.outputClosed?.aborted) return EXIT.PIPE_CLOSED;
    const config = configErrorIn(error);
    if (config !== undefined) {
      // No credentials, profile or region: one paragraph, usage exit code, no table.
      // It quotes the SDK's words (and file paths): escaped line by line, as every error line is.
      io.stderr.write(renderConfigError(config, profile, io.env).split("\n").map(untrusted).join("\n"));
      return EXIT.USAGE;
    }
    return reportError(error, io);
  }
}

/** Exit code for an error that ended the whole run (not a per-target failure). */
export function exitCodeFor(error: unknown): number {
  if (error instanceof FleetError && error.code === "ERR_INVALID_INPUT") return EXIT.USAGE;
  if (configErrorIn(error) !== undefined) return EXIT.USAGE;
  return EXIT.FAILED;
}

function reportError(error: unknown, io: CliIo): number {
  const colors = palette(useColor(io.stderr, io.env));
  const code = exitCodeFor(error);
  const message = error instanceof FleetError && error.code === "ERR_INVALID_INPUT" ? inFlagWords(error) : messageOf(error);
  const prefix = error instanceof FleetError ? `${error.code}: ` : "";
  // Messages quote files and servers (a shard's line, an AWS message): escaped line by line.
  io.stderr.write(`${colors.red("sessionfleet:")} ${prefix}${message.split("\n").map(untrusted).join("\n")}\n`);
  // --help is for the command line; a value from an environment variable or a config file says where it came from instead.
  const fromOutside = error instanceof FleetError && (/^[A-Z][A-Z0-9_]+$/.test(error.option ?? "") || /shared config file|\(of profile /.test(error.option ?? ""));
  if (code === EXIT.USAGE && error instanceof FleetError && error.code === "ERR_INVALID_INPUT" && !fromOutside) {
    io.stderr.write(`${colors.dim("Run sessionfleet --help for usage.")}\n`);
  } else if (!(error instanceof FleetError) && error instanceof Error && io.env.SESSIONFLEET_DEBUG) {
    io.stderr.write(`${error.stack ?? ""}\n`);
  }
  return code;
}

function version(): string {
  // src/cli and dist/cli are both two levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}
