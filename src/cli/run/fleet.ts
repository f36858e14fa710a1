// The shared shape of the fan-out commands: connect, fan out with a progress bar, print the
// records in the chosen format, summarise failures on stderr, and turn the outcome into an exit code.
import type { AccountSelection, AccountsOption, FanOutOptions, FanOutRecord, FanOutTask } from "../../index.js";
import type { OutputArgs, SessionArgs, TargetArgs } from "../args/command-types.js";
import { FleetError, invalidInput } from "../../errors.js";
import { loadApi } from "./api.js";
import { connect, type Connection } from "./connect.js";
import { EXIT, type CliIo } from "../io.js";
import { watchInterrupts } from "./interrupt.js";
import { mfaOptions, profileMfaCode, terminalAsk } from "./mfa.js";
import { accountsOption } from "../args/target-accounts.js";
import { createProgress } from "../output/progress.js";
import { shardFromEnv, type Shard } from "../shards/env.js";
import { shardManifest } from "../shards/manifest.js";
import type { ValueView } from "../output/records.js";
import { renderNdjsonLine } from "../output/render.js";
import { printOutcome } from "../output/outcome.js";
import { causeMessage } from "../../fanout/groups.js";

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
  const ask = terminalAsk(io, {
    before: () => ((asking = true), progress.stop()),
    after: () => (asking = false),
  });
  const mfa = mfaOptions(targets, io, ask);
  // Loading the SDK clients and starting a sandbox both take a while; do them side by side.
  const [loaded, connected] = await Promise.allSettled([loadApi(), connect(command.session, profileMfaCode(io, ask))]);
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
  // Tasks on worker threads are not counted here: the Ctrl-C message then gives no number.
  const interrupts = watchInterrupts(io, progress, targets.workers === undefined);
  try {
    let selection: AccountSelection | undefined;
    const options: FanOutOptions = {
      // A closed stdout stops the run as a second Ctrl-C would: nobody reads the records any more.
      // A code the run cannot get stops it like a second Ctrl-C too, and then fails it (exit 2).
      ...fanOutOptions(connection, targets, AbortSignal.any([interrupts.stop, mfa.stop, ...(io.outputClosed === undefined ? [] : [io.outputClosed])]), (p) => interrupts.interrupted || asking || progress.update(p), accounts),
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
      await view.settled?.();
      return results;
    };
    if (output.format === "ndjson" && (targets.shard !== undefined || targets.workers !== undefined)) {
      // A shard's file is merged later: records in target order, then the manifest line.
      records = await whole();
      const lines = records.map((record) => renderNdjsonLine(record, view));
      for (const line of lines) io.stdout.write(line);
      if (targets.shard !== undefined) {
        // What merge needs to print what one unsharded run prints: the left-out accounts, each failure's AWS words.
        const causes = records.flatMap((r, i) => (r.ok ? [] : [[i, causeMessage(r.error)] as const]));
        io.stdout.write(`${JSON.stringify(shardManifest(command.command ?? "", targets.shard as Shard, targets, lines, selection?.leftOut ?? [], causes))}\n`);
      }
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
    if (io.outputClosed?.aborted) return EXIT.PIPE_CLOSED;
    return printOutcome(records, view, output, io, { selection, allowFailures: targets.allowFailures === true, interrupted: interrupts.interrupted });
  } finally {
    progress.stop();
    interrupts.dispose();
    await connection.close();
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
