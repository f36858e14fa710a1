// `sessionfleet exec [targets] -- <command> [args...]`: the command once per target, with that
// target's credentials, region and identity in its environment and nothing inherited it could
// fall back to. Output lines are prefixed with the target (or written to --output-dir); a
// non-zero exit is a failed `task` record. A child stopped by --timeout or by the second Ctrl-C
// is a `timeout` or `cancelled` record that still carries the signal and its last lines.
import type { WriteStream } from "node:fs";
import type { CliCommand } from "../args/command-types.js";
import { killAllChildren, startChild, type ChildResult, type RunningChild } from "../exec/child-run.js";
import { startCredentialServer, type CredentialServer } from "../exec/credential-server.js";
import { childEndpointVariables } from "../exec/endpoints.js";
import { childEnv } from "../exec/child-env.js";
import { createChildFiles } from "../exec/config-files.js";
import { openTargetFiles, prepareOutputDir } from "../exec/output-dir.js";
import { runFleet } from "../run/fleet.js";
import type { CliIo } from "../io.js";
import type { ErrorLike, TargetPlace, ValueView } from "../output/records.js";

type ExecCommand = Extract<CliCommand, { command: "exec" }>;

/** A finished child: exit code, duration and the last lines of its output. */
export type ExecValue = Pick<ChildResult, "exitCode" | "durationMs" | "stdout" | "stderr"> & { signal?: string };

/** A child that exited non-zero or was killed: a failed `task` record that still carries its output. */
export class ExecFailure extends Error {
  override readonly name = "ExecFailure";
  constructor(readonly result: ExecValue) {
    super(result.signal !== undefined ? `the command was stopped by ${result.signal}` : `the command exited with code ${result.exitCode}`);
  }
}

const fields = (v: ExecValue): Record<string, unknown> => ({
  exitCode: v.exitCode, ...(v.signal !== undefined && { signal: v.signal }), durationMs: v.durationMs, stdout: v.stdout, stderr: v.stderr,
});
const cells = (v: ExecValue): string[] => [v.exitCode !== null ? String(v.exitCode) : v.signal ?? "-", `${(v.durationMs / 1000).toFixed(1)} s`];
const toValue = (r: ChildResult): ExecValue => ({
  exitCode: r.exitCode, ...(r.signal !== null && { signal: r.signal }), durationMs: r.durationMs, stdout: r.stdout, stderr: r.stderr,
});
const keyOf = (place: TargetPlace): string => `${place.accountId} ${place.roleArn ?? ""} ${place.region}`;

/**
 * Exit code and duration per target; the total counts the commands that succeeded. A failed
 * record finds its child by target: an ExecFailure carries it, and a `timeout` or `cancelled`
 * record (made by the fan-out the moment it stopped the task) reads it from `children`.
 */
export function execView(children: ReadonlyMap<string, RunningChild> = new Map()): ValueView<ExecValue> {
  const failed = (error: ErrorLike, place: TargetPlace): ExecValue | undefined => {
    if (error.cause instanceof ExecFailure) return error.cause.result;
    // Any other task failure (the command could not start, --output-dir refused) ran no child.
    if (error.code !== "ERR_TIMEOUT" && error.code !== "ERR_CANCELLED") return undefined;
    const child = children.get(keyOf(place));
    return child === undefined ? undefined : toValue(child.snapshot());
  };
  return {
    columns: ["Exit", "Duration"],
    cells,
    fields,
    fieldNames: ["exitCode", "signal", "durationMs", "stdout", "stderr"],
    amount: () => 1,
    failureFields: (error, place) => {
      const value = failed(error, place);
      return value === undefined ? {} : fields(value);
    },
    failureCells: (error, place) => {
      const value = failed(error, place);
      return value === undefined ? undefined : cells(value);
    },
    settled: async () => void (await Promise.all([...children.values()].map((c) => c.result.catch(() => undefined)))),
  };
}

/** Runs `exec`. */
export async function run(command: ExecCommand, io: CliIo): Promise<number> {
  // An unsafe --output-dir stops the run here, before any request.
  const outputDir = command.outputDir === undefined ? undefined : prepareOutputDir(command.outputDir);
  const server: CredentialServer | undefined = command.serveCredentials ? await startCredentialServer() : undefined;
  const files = new Set<WriteStream>();
  const shared = createChildFiles();
  const children = new Map<string, RunningChild>();
  // Ctrl-C is left to the fan-out (fleet.ts): children run in process groups of their own, so
  // the terminal's SIGINT reaches only us. The first press starts no new child and lets running
  // ones finish; the second aborts the tasks, and each child is stopped below.
  try {
    let endpoint: string | undefined;
    let endpoints: Promise<Record<string, string>> | undefined;
    return await runFleet(command, io, execView(children), async (target) => {
      const { session, accountId, accountName, region, roleArn, signal } = target;
      const served = server?.register(() => session.getCredentials());
      try {
        const credentials = served ? undefined : await session.getCredentials();
        endpoints ??= childEndpointVariables(endpoint, command.session.profile, io.env);
        const env = childEnv(io.env, {
          accountId, region, ...(accountName !== undefined && { accountName }), ...(roleArn !== undefined && { roleArn }),
          endpoints: await endpoints, files: shared,
          ...(credentials !== undefined && { credentials }), ...(served !== undefined && { served: served.env }),
        });
        signal.throwIfAborted();
        const label = `${accountName ?? accountId}/${region}`;
        const write = outputDir === undefined ? prefixed(io, label, command.output.format === "table") : toFiles(outputDir, accountId, region, files);
        // The token dies with the child, not with its pipes: something it left running gets nothing.
        const child = startChild({ argv: command.argv, shell: command.shell, env, onLine: write, onExit: () => served?.release() });
        children.set(keyOf({ accountId, region, ...(roleArn !== undefined && { roleArn }) }), child);
        const stop = (): void => {
          served?.release();
          // --timeout: SIGTERM, then SIGKILL. The second Ctrl-C: SIGINT first, as a terminal would.
          child.stop((signal.reason as ErrorLike | undefined)?.code === "ERR_TIMEOUT" ? ["SIGTERM"] : ["SIGINT", "SIGTERM"]);
        };
        signal.addEventListener("abort", stop, { once: true });
        try {
          const value = toValue(await child.result);
          if (value.exitCode !== 0) throw new ExecFailure(value);
          return value;
        } finally {
          signal.removeEventListener("abort", stop);
        }
      } finally {
        served?.release();
      }
    }, (connection) => (endpoint = connection.endpoint));
  } finally {
    await killAllChildren();
    await Promise.all([...files].map((f) => new Promise<void>((resolve) => f.end(() => resolve()))));
    await server?.close();
    shared.remove();
  }
}

/** Prefixed lines; with json, ndjson or csv on stdout, the child's stdout goes to stderr too, keeping stdout parseable. */
function prefixed(io: CliIo, label: string, table: boolean): (stream: "stdout" | "stderr", line: string) => void {
  return (stream, line) => void io[table ? stream : "stderr"].write(`${label} | ${line}\n`);
}

function toFiles(dir: string, accountId: string, region: string, open: Set<WriteStream>): (stream: "stdout" | "stderr", line: string) => void {
  const { out, err } = openTargetFiles(dir, accountId, region);
  open.add(out).add(err);
  return (stream, line) => void (stream === "stdout" ? out : err).write(`${line}\n`);
}
