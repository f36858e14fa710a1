// argv → one typed command. Pure: no I/O, no environment, so it is tested as a table of
// argv → options, and every bad value fails here, before any request is possible.
import { parseArgs } from "node:util";
import { FleetError, invalidInput, messageOf, quote } from "../../errors.js";
import { checkExternalId, checkMfaSerial, checkProfileName, checkRegion, checkSessionName } from "../../validate.js";
import * as v from "./values.js";
import { checkSelection, selectionArgs } from "./selection.js";
import { joinNegativeValues } from "./flag-message.js";
import { suggest } from "./suggest.js";
import { parseWorkers } from "./workers.js";
import { COMMANDS, type CliCommand, type CommandName, type OutputArgs, type SessionArgs, type SharedCacheArgs, type TargetArgs } from "./command-types.js";
import { optionsOf, SPECS } from "./specs.js";


/**
 * Parses `process.argv.slice(2)`. Throws FleetError ERR_INVALID_INPUT (exit code 2) naming the bad
 * flag or value and what would be valid.
 */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help") return { command: "help" };
  if (first === "-V" || first === "--version" || first === "version") return { command: "version" };
  if (first === "help") return { command: "help", ...(rest[0] !== undefined && { topic: commandName(rest[0]) }) };
  const command = commandName(first);
  const spec = SPECS[command];
  // exec's command line is everything after "--", untouched.
  const terminator = command === "exec" ? rest.indexOf("--") : -1;
  const own = terminator < 0 ? rest : rest.slice(0, terminator);
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    const args = joinNegativeValues(own, (flag) => spec.options[flag]?.type === "string");
    parsed = parseArgs({ args, options: spec.options, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageError(command, error);
  }
  const values = parsed.values;
  if (values.help === true) return { command: "help", topic: command };
  if (command === "merge") {
    if (parsed.positionals.length === 0) throw invalidInput("arguments of merge", "", "one or more ndjson files written by --shard ... --format ndjson");
    return { command, files: parsed.positionals, output: outputArgs(values), allowFailures: values["allow-failures"] === true };
  }
  if (parsed.positionals.length !== spec.positionals.length) {
    const expected = spec.positionals.length === 0 ? "no arguments" : `the arguments ${spec.positionals.join(" ")}`;
    throw invalidInput(`arguments of ${command}`, parsed.positionals.join(" "), `${expected} (see sessionfleet ${command} --help)`);
  }
  switch (command) {
    case "sandbox":
      return { command, port: typeof values.port === "string" ? v.parsePort(values.port) : 0, ...(typeof values.latency === "string" && { latencyMs: v.parseLatencyMs(values.latency) }) };
    case "cache":
      return cacheCommand(parsed.positionals[0]!, values);
    case "regions":
      return { command, all: values.all === true, session: sessionArgs(values), output: listOutputArgs(values) };
    case "accounts": {
      const ous = v.parseOus(strings(values.ou));
      const selection = selectionArgs(values);
      const sso = accountsCommandSource(values.accounts === undefined ? undefined : v.parseAccounts(strings(values.accounts)), ous);
      if (selection) checkSelection(selection, sso ? "sso" : ous.length > 0 ? "organization" : undefined);
      return { command, ous, ...(sso && { sso }), ...(selection && { selection }), session: sessionArgs(values), output: listOutputArgs(values) };
    }
    case "exec": {
      const argv = terminator < 0 ? [] : rest.slice(terminator + 1);
      if (argv.length === 0) throw invalidInput("command of exec", "", "a command after \"--\": sessionfleet exec [targets] -- <command> [args...]");
      if (values.shell === true && argv.length !== 1) throw invalidInput("--shell", argv.join(" "), "one string holding the whole command line, e.g. -- 'aws s3 ls | wc -l'");
      const args = fleetArgs(values);
      if (args.output.format === "matrix") throw invalidInput("--format", "matrix", "table, json, csv or ndjson (exec has no counts)");
      const outputDir = typeof values["output-dir"] === "string" ? { outputDir: v.parseOutputDir(values["output-dir"]) } : {};
      return { command, argv, shell: values.shell === true, ...outputDir, serveCredentials: values["serve-credentials"] === true, ...args };
    }
    case "call": {
      const [service, operation] = parsed.positionals as [string, string];
      const input = typeof values.input === "string" ? v.parseInput(values.input) : {};
      const paging = {
        paginate: values["no-paginate"] !== true,
        ...(typeof values["max-items"] === "string" && { maxItems: v.parseInteger(values["max-items"], "--max-items") }),
        ...(typeof values["max-pages"] === "string" && { maxPages: v.parseInteger(values["max-pages"], "--max-pages") }),
      };
      const query = typeof values.query === "string" ? { query: values.query } : {};
      if (values.format === "matrix" && query.query === undefined) {
        throw invalidInput("--format", "matrix", "with call, together with a --query that yields a number per target, e.g. --query 'length(OptionGroupsList)'");
      }
      return { command, service: v.parseServiceName(service), operation: v.parseOperationName(operation), input, paging, ...query, ...fleetArgs(values) };
    }
    default: {
      const args = fleetArgs(values);
      if (args.output.format === "matrix" && command !== "option-groups") throw invalidInput("--format", "matrix", "table, json, csv or ndjson: matrix is for counts (option-groups, or call with a numeric --query)");
      return { command, ...args };
    }
  }
}

function commandName(word: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(word)) return word as CommandName;
  const hint = suggest(word, COMMANDS);
  throw new FleetError("ERR_INVALID_INPUT", `${quote(word)} is not a command${hint ? `; did you mean ${quote(hint)}?` : ""} (commands: ${COMMANDS.join(", ")})`, { option: "command" });
}

function fleetArgs(values: Record<string, unknown>): { session: SessionArgs; output: OutputArgs; targets: TargetArgs } {
  return { session: sessionArgs(values), output: outputArgs(values), targets: targetArgs(values) };
}

function sessionArgs(values: Record<string, unknown>): SessionArgs {
  const out: SessionArgs = { sandbox: values.sandbox === true };
  if (typeof values.profile === "string") out.profile = checkProfileName(values.profile, "--profile");
  if (typeof values.region === "string") out.region = checkRegion(values.region, "--region");
  if (typeof values["endpoint-url"] === "string") out.endpointUrl = v.parseEndpointUrl(values["endpoint-url"]);
  if (values["no-cache"] === true) out.noCache = true;
  const shared = sharedCacheArgs(values);
  if (shared && out.noCache) throw invalidInput("--no-cache", "with --cache", "one of --no-cache and --cache");
  if (shared) out.sharedCache = shared;
  return out;
}

/** `--cache dynamodb:<table>` and `--cache-kms-key`; `--cache file` is the default, said explicitly. */
function sharedCacheArgs(values: Record<string, unknown>): SharedCacheArgs | undefined {
  const cache = values.cache;
  const kms = values["cache-kms-key"];
  if (cache === undefined || cache === "file") {
    if (typeof kms === "string") throw invalidInput("--cache-kms-key", kms, "to be used with --cache dynamodb:<table>");
    return undefined;
  }
  const match = typeof cache === "string" ? /^dynamodb:([a-zA-Z0-9_.-]{3,255})$/.exec(cache) : null;
  if (!match) throw invalidInput("--cache", cache, "file (the default) or dynamodb:<table> (a DynamoDB table name: 3-255 of a-z A-Z 0-9 _ . -)");
  if (typeof kms === "string" && kms.length === 0) throw invalidInput("--cache-kms-key", kms, "a KMS key id, ARN or alias/NAME");
  return { table: match[1]!, ...(typeof kms === "string" && { kmsKeyId: kms }) };
}

function outputArgs(values: Record<string, unknown>): OutputArgs {
  return {
    format: typeof values.format === "string" ? v.parseFormat(values.format) : "table", quiet: values.quiet === true,
    ...(values.verbose === true && { verbose: true }), ...(values["all-columns"] === true && { allColumns: true }),
  };
}

/** Output of the list commands, which have no counts to draw a matrix of. */
// `accounts --accounts sso` lists an SSO sign-in's accounts; `--accounts org` is the default.
function accountsCommandSource(accounts: string[] | "organization" | "sso" | undefined, ous: string[]): true | undefined {
  if (accounts === undefined || accounts === "organization") return undefined;
  if (accounts !== "sso") throw invalidInput("--accounts", accounts.join(","), "\"org\" or \"sso\" for the accounts command (it lists accounts; ids are already known)");
  if (ous.length > 0) throw invalidInput("--ou", ous.join(","), "to be used with --accounts org (IAM Identity Center has no OUs)");
  return true;
}

function listOutputArgs(values: Record<string, unknown>): OutputArgs {
  const output = outputArgs(values);
  if (output.format === "matrix") throw invalidInput("--format", "matrix", "table, json, csv or ndjson (matrix is for counts per account and region)");
  return output;
}

function targetArgs(values: Record<string, unknown>): TargetArgs {
  const out: TargetArgs = { allowFailures: values["allow-failures"] === true };
  const str = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  if (values.accounts !== undefined) out.accounts = v.parseAccounts(strings(values.accounts));
  if (values.ou !== undefined) {
    if (out.accounts === "sso") throw invalidInput("--ou", strings(values.ou).join(","), "to be used with --accounts org (IAM Identity Center has no OUs; narrow --accounts sso with --name or --exclude)");
    if (Array.isArray(out.accounts)) throw invalidInput("--ou", strings(values.ou).join(","), "to be used with --accounts org or without --accounts");
    out.accounts = "organization";
    out.ous = v.parseOus(strings(values.ou));
  }
  const selection = selectionArgs(values);
  if (selection) {
    checkSelection(selection, out.accounts);
    out.selection = selection;
    // A filter or --include-self without --accounts means the organisation.
    if (out.accounts === undefined && selection.accountsFile === undefined) out.accounts = "organization";
  }
  if (values.role !== undefined) out.roles = v.parseRoles(strings(values.role));
  if (values.regions !== undefined) out.regions = v.parseRegions(strings(values.regions));
  const externalId = str("external-id");
  if (externalId !== undefined) out.externalId = checkExternalId(externalId, "--external-id");
  const sessionName = str("session-name");
  if (sessionName !== undefined) out.sessionName = checkSessionName(sessionName, "--session-name");
  const duration = str("duration");
  if (duration !== undefined) out.durationSeconds = v.parseDurationSeconds(duration);
  const concurrency = str("concurrency");
  if (concurrency !== undefined) out.concurrency = v.parseInteger(concurrency, "--concurrency", 10_000);
  const perAccount = str("per-account");
  if (perAccount !== undefined) out.perAccountConcurrency = v.parseInteger(perAccount, "--per-account", 10_000);
  const perRegion = str("per-region");
  if (perRegion !== undefined) out.perRegionConcurrency = v.parseInteger(perRegion, "--per-region", 10_000);
  const timeout = str("timeout");
  if (timeout !== undefined) out.timeoutMs = v.parseTimeoutMs(timeout);
  const shard = str("shard");
  if (shard !== undefined) out.shard = shard.trim() === "auto" ? "auto" : v.parseShard(shard);
  const shardCount = str("shard-count");
  if (shardCount !== undefined) {
    if (out.shard !== "auto") throw invalidInput("--shard-count", shardCount, "to be given with --shard auto (with --shard I/N the count is N)");
    out.shardCount = v.parseInteger(shardCount, "--shard-count");
  }
  const mfaSerial = str("mfa-serial");
  if (mfaSerial !== undefined) out.mfaSerial = checkMfaSerial(mfaSerial, "--mfa-serial");
  const mfaCode = str("mfa-code");
  if (mfaCode !== undefined) {
    if (mfaSerial === undefined) throw invalidInput("--mfa-code", "(a code)", "to be given together with --mfa-serial");
    out.mfaCode = v.parseMfaCode(mfaCode, "--mfa-code");
  }
  const workers = str("workers");
  if (workers !== undefined) out.workers = parseWorkers(workers);
  return out;
}

function cacheCommand(action: string, values: Record<string, unknown>): CliCommand {
  if (action !== "list" && action !== "clear") throw invalidInput("cache action", action, "list or clear (sessionfleet cache list | clear [--expired])");
  if (values.expired === true && action !== "clear") throw invalidInput("--expired", "list", "to be used with cache clear");
  const format = typeof values.format === "string" ? v.parseFormat(values.format) : "table";
  if (format !== "table" && format !== "json") throw invalidInput("--format", format, "table or json for cache list");
  const shared = sharedCacheArgs(values);
  return {
    command: "cache", action, expired: values.expired === true, format, ...(shared && { shared }),
    ...(typeof values.region === "string" && { region: checkRegion(values.region, "--region") }),
    ...(typeof values.profile === "string" && { profile: checkProfileName(values.profile, "--profile") }),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

// node:util parseArgs throws TypeErrors with a `code`; turn them into the same FleetError as a bad value.
function usageError(command: CommandName, error: unknown): FleetError {
  const code = (error as { code?: string }).code;
  const message = messageOf(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const hint = suggest(flag, optionsOf(command));
    return new FleetError("ERR_INVALID_INPUT", `${flag} is not an option of ${command}${hint ? `; did you mean ${hint}?` : ""} (options: ${optionsOf(command).join(", ")})`, { option: flag });
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const what = /does not take an argument/.test(message) ? "is a switch and takes no value" : `needs a value (a word not starting with "-", or ${flag || "--flag"}=value)`;
    return new FleetError("ERR_INVALID_INPUT", `${flag || "option"} ${what}; see sessionfleet ${command} --help`, { option: flag });
  }
  return new FleetError("ERR_INVALID_INPUT", `${message} (see sessionfleet ${command} --help)`, { cause: error });
}
