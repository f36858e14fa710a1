// The flags each command takes (node:util parseArgs tables), shared by the parser, the usage
// messages and the suggestions for a mistyped flag.
import type { ParseArgsConfig } from "node:util";
import { SELECTION_OPTIONS } from "./selection.js";
import type { CommandName } from "./command-types.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP: Options = { help: { type: "boolean", short: "h" } };
const SESSION: Options = {
  profile: { type: "string" }, region: { type: "string" }, "endpoint-url": { type: "string" }, sandbox: { type: "boolean" }, "no-cache": { type: "boolean" },
  cache: { type: "string" }, "cache-kms-key": { type: "string" },
};
const OUTPUT: Options = { format: { type: "string", short: "f" }, quiet: { type: "boolean", short: "q" }, verbose: { type: "boolean" } };
const MATRIX: Options = { "all-columns": { type: "boolean" } };
const TARGETS: Options = {
  accounts: { type: "string", multiple: true }, ou: { type: "string", multiple: true }, role: { type: "string", multiple: true },
  regions: { type: "string", multiple: true }, "external-id": { type: "string" }, "session-name": { type: "string" },
  duration: { type: "string" }, concurrency: { type: "string" }, "per-account": { type: "string" }, "per-region": { type: "string" }, timeout: { type: "string" }, shard: { type: "string" }, "shard-count": { type: "string" },
  "allow-failures": { type: "boolean" }, "mfa-serial": { type: "string" }, "mfa-code": { type: "string" }, workers: { type: "string" }, ...SELECTION_OPTIONS,
};
const CALL: Options = { input: { type: "string" }, "no-paginate": { type: "boolean" }, "max-items": { type: "string" }, "max-pages": { type: "string" }, query: { type: "string" } };

export const SPECS: Record<CommandName, { options: Options; positionals: string[] }> = {
  "option-groups": { options: { ...HELP, ...SESSION, ...OUTPUT, ...MATRIX, ...TARGETS }, positionals: [] },
  whoami: { options: { ...HELP, ...SESSION, ...OUTPUT, ...TARGETS }, positionals: [] },
  exec: { options: { ...HELP, ...SESSION, ...OUTPUT, ...TARGETS, shell: { type: "boolean" }, "output-dir": { type: "string" }, "serve-credentials": { type: "boolean" } }, positionals: [] },
  call: { options: { ...HELP, ...SESSION, ...OUTPUT, ...MATRIX, ...TARGETS, ...CALL }, positionals: ["<service>", "<Operation>"] },
  regions: { options: { ...HELP, ...SESSION, ...OUTPUT, all: { type: "boolean" } }, positionals: [] },
  accounts: { options: { ...HELP, ...SESSION, ...OUTPUT, ou: { type: "string", multiple: true }, accounts: { type: "string", multiple: true }, ...SELECTION_OPTIONS }, positionals: [] },
  merge: { options: { ...HELP, ...OUTPUT, ...MATRIX, "allow-failures": { type: "boolean" } }, positionals: ["FILE..."] },
  sandbox: { options: { ...HELP, port: { type: "string" }, latency: { type: "string" } }, positionals: [] },
  cache: {
    options: { ...HELP, expired: { type: "boolean" }, format: { type: "string", short: "f" }, cache: { type: "string" }, "cache-kms-key": { type: "string" }, region: { type: "string" }, profile: { type: "string" } },
    positionals: ["<list|clear>"],
  },
};

/** The long option names a command accepts, for help and suggestions. */
export function optionsOf(command: CommandName): string[] {
  return Object.keys(SPECS[command].options).map((name) => `--${name}`);
}
