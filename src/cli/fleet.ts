// The shared shape of the fan-out commands: connect, fan out with a progress bar, print the
// records in the chosen format, summarise failures on stderr, and turn the outcome into an exit code.
import type { AccountSelection, AccountsOption, FanOutFailure, FanOutOptions, FanOutRecord, FanOutTask } from "../index.js";
import type { OutputArgs, SessionArgs, TargetArgs } from "./args.js";
import { FleetError, invalidInput } from "../errors.js";
import { loadApi } from "./api.js";
import { palette, useColor } from "./color.js";
import { connect, type Connection } from "./connect.js";
import { EXIT, type CliIo } from "./io.js";
import { noTargetsReason, renderLeftOut } from "./left-out.js";
import { watchInterrupts } from "./interrupt.js";
import { renderMatrix } from "./matrix.js";
import { mfaOptions, terminalAsk } from "./mfa.js";
import { accountsOption } from "./target-accounts.js";
import { createProgress } from "./progress.js";
import { shardFromEnv, type Shard } from "./shard-env.js";
import { shardManifest } from "./shard-manifest.js";
import type { TargetRecord, ValueView } from "./records.js";
import { renderCsv, renderJson, renderNdjsonLine, renderTable } from "./render.js";
import { renderFailureSummary } from "./summary.js";

/** What a fan-out command line carries. */
export interface FleetCommand {
  command?: string;
  session: SessionArgs;
  output: OutputArgs;
  targets: TargetArgs;
}

/**
 * Runs `task` on every target of `command` and prints the records; resolves to the exit code.
 * With `--workers`, `taskModule` (a module whose default export is the same task) runs instead.
 */
export async function runFleet<T>(command: FleetCommand, io: CliIo, view: ValueView<T>, task: FanOutTask<T>, onConnected?: (connection: Connection) => void, taskModule?: URL): Promise<number> {
  const { output } = command;
  if (command.targets.workers !== undefined && taskModule === undefined) throw invalidInput("--workers", String(command.targets.workers), "no --workers: this command runs on the main thread only");
  const targets = resolveShard(command.targets, io.env);
  // The bar is held while the MFA code is asked for on the same terminal.
  let asking = false;
  const progress = await createProgress(io.stderr, !output.quiet);
  const mfa = mfaOptions(targets, io, terminalAsk(io, {
    before: () => ((asking = true), progress.stop()),
    after: () => (asking = false),
  }));
  // Loading the SDK clients and starting a sandbox both take a while; do them side by side.
  const [loaded, connected] = await Promise.allSettled([loadApi(), connect(command.session)]);
  if (loaded.status === "rejected") {
    if (connected.status === "fulfilled") await connected.value.close();
    throw loaded.reason;
  }
  if (connected.status === "rejected") throw connected.reason;
  const api = loaded.value;
  const connection = connected.value;
  onConnected?.(connection);
  let accounts: AccountsOption | undefined;
  try {
    accounts = await accountsOption(api, targets.accounts, targets.ous, targets.selection);
  } catch (error) {
    await connection.close();
    throw error;
  }
  // First Ctrl-C: start nothing new, let running targets finish. Second: stop those too. Either
  // way the records already finished are printed below in the chosen format.
  const interrupts = watchInterrupts(io, progress);
  try {
    let selection: AccountSelection | undefined;
    const options: FanOutOptions = {
      // A code the run cannot get stops it like a second Ctrl-C, and then fails it (exit 2).
      ...fanOutOptions(connection, targets, AbortSignal.any([interrupts.stop, mfa.stop]), (p) => interrupts.interrupted || asking || progress.update(p), accounts),
      ...mfa.options,
      drainSignal: interrupts.drain,
      onAccounts: (s) => void (selection = s),
    };
    const counted = interrupts.count(task);
    let records: readonly FanOutRecord<T>[];
    // Worker threads give fanOut's records at the end of the run.
    const whole = async (): Promise<readonly FanOutRecord<T>[]> => {
      const results = targets.workers === undefined
        ? (await api.fanOut(options, counted)).results
        : (await api.fanOut({ ...options, workers: targets.workers }, taskModule!)).results as readonly FanOutRecord<T>[];
      if (mfa.missing) throw mfa.missing;
      return results;
    };
    if (output.format === "ndjson" && (targets.shard !== undefined || targets.workers !== undefined)) {
      // A shard's file is merged later: records in target order, then the manifest line.
      records = await whole();
      for (const record of records) io.stdout.write(renderNdjsonLine(record, view));
      if (targets.shard !== undefined) io.stdout.write(`${JSON.stringify(shardManifest(command.command ?? "", targets.shard as Shard, targets, records.length))}\n`);
    } else if (output.format === "ndjson") {
      const seen: FanOutRecord<T>[] = [];
      for await (const record of api.fanOutStream(options, counted)) {
        if (mfa.missing) throw mfa.missing;
        seen.push(record);
        io.stdout.write(renderNdjsonLine(record, view));
      }
      records = seen;
    } else {
      records = await whole();
    }
    progress.stop();
    if (mfa.missing) throw mfa.missing;
    printResult(records, view, output, io);
    const onStdout = output.format === "table" || output.format === "matrix";
    const note = renderLeftOut(selection, palette(useColor(onStdout ? io.stdout : io.stderr, io.env)));
    if (onStdout) io.stdout.write(note);
    const failed = records.filter((r): r is FanOutFailure => !r.ok);
    if (!output.quiet) {
      io.stderr.write(renderFailureSummary(failed, records.length, output.verbose === true, palette(useColor(io.stderr, io.env))));
      if (!onStdout) io.stderr.write(note);
      if (records.length === 0 && !interrupts.interrupted) io.stderr.write(noTargetsReason(selection));
    }
    if (interrupts.interrupted) return EXIT.INTERRUPTED;
    return failed.length > 0 && !targets.allowFailures ? EXIT.FAILED : EXIT.OK;
  } finally {
    progress.stop();
    interrupts.dispose();
    await connection.close();
  }
}

function printResult<T>(records: readonly TargetRecord<T>[], view: ValueView<T>, output: OutputArgs, io: CliIo): void {
  switch (output.format) {
    case "json":
      io.stdout.write(renderJson(records, view));
      return;
    case "csv":
      io.stdout.write(renderCsv(records, view));
      return;
    case "table":
      io.stdout.write(renderTable(records, view, palette(useColor(io.stdout, io.env))));
      return;
    case "matrix":
      io.stdout.write(renderMatrix(records, { ...(output.allColumns && { allColumns: true }), colors: palette(useColor(io.stdout, io.env)) }));
      return;
    case "ndjson":
      return; // already printed, one line per record as it finished
  }
}

/** `--shard auto` made into the index and count the CI or batch system set. */
function resolveShard(targets: TargetArgs, env: Record<string, string | undefined>): TargetArgs {
  if (targets.shard !== "auto") return targets;
  return { ...targets, shard: shardFromEnv(env, targets.shardCount) };
}

/** The CLI's target flags as fan-out options. */
export function fanOutOptions(
  connection: Connection,
  targets: TargetArgs,
  signal: AbortSignal,
  onProgress: FanOutOptions["onProgress"],
  accounts: AccountsOption | undefined = targets.ous !== undefined ? { organization: { ous: targets.ous } } : targets.accounts,
): FanOutOptions {
  if (targets.accounts !== undefined && targets.roles === undefined) {
    const flag = targets.ous !== undefined ? "--ou" : "--accounts";
    throw new FleetError("ERR_INVALID_INPUT", `--role is required with ${flag}: the role to assume in each account, e.g. --role OrganizationAccountAccessRole`, { option: "--role" });
  }
  return {
    session: connection.session,
    ...(accounts !== undefined && { accounts }),
    ...(targets.roles !== undefined && { roles: targets.roles }),
    ...(targets.regions !== undefined && { regions: targets.regions }),
    ...(targets.concurrency !== undefined && { concurrency: targets.concurrency }),
    ...(targets.perAccountConcurrency !== undefined && { perAccountConcurrency: targets.perAccountConcurrency }),
    ...(targets.perRegionConcurrency !== undefined && { perRegionConcurrency: targets.perRegionConcurrency }),
    ...(targets.timeoutMs !== undefined && { timeoutMs: targets.timeoutMs }),
    ...(targets.sessionName !== undefined && { sessionName: targets.sessionName }),
    ...(targets.externalId !== undefined && { externalId: targets.externalId }),
    ...(targets.durationSeconds !== undefined && { durationSeconds: targets.durationSeconds }),
    ...(targets.shard !== undefined && targets.shard !== "auto" && { shard: targets.shard }),
    signal,
    ...(onProgress !== undefined && { onProgress }),
  };
}
