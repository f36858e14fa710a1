// `sessionfleet exec [targets] -- <command> [args...]`: the command once per target, with that
// target's credentials, region and identity in its environment and nothing inherited it could
// fall back to. Output lines are prefixed with the target (or written to --output-dir); a
// non-zero exit is a failed `task` record.
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { CliCommand } from "../args.js";
import { killAllChildren, runChild, signalAllChildren, type ChildResult } from "../child-run.js";
import { startCredentialServer, type CredentialServer } from "../credential-server.js";
import { childEndpointVariables } from "../exec-endpoints.js";
import { childEnv } from "../exec-env.js";
import { createChildFiles } from "../exec-files.js";
import { runFleet } from "../fleet.js";
import type { CliIo } from "../io.js";
import type { ErrorLike, ValueView } from "../records.js";

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

/** Exit code and duration per target; the total counts the commands that succeeded. */
export const execView: ValueView<ExecValue> = {
  columns: ["Exit", "Duration"],
  cells: (v) => [String(v.exitCode), `${(v.durationMs / 1000).toFixed(1)} s`],
  fields,
  fieldNames: ["exitCode", "signal", "durationMs", "stdout", "stderr"],
  amount: () => 1,
  failureFields: (error: ErrorLike) => {
    const cause = error.cause;
    return cause instanceof ExecFailure ? fields(cause.result) : {};
  },
};

/** Runs `exec`. */
export async function run(command: ExecCommand, io: CliIo): Promise<number> {
  const server: CredentialServer | undefined = command.serveCredentials ? await startCredentialServer() : undefined;
  const files = new Set<WriteStream>();
  const shared = createChildFiles();
  // Children run in process groups of their own, so a terminal's Ctrl-C reaches only us: pass it
  // on, as the terminal would have. The first Ctrl-C lets running targets finish, which for a
  // child means handling SIGINT; the second stops them (SIGTERM, then SIGKILL).
  const forward = (): void => signalAllChildren("SIGINT");
  process.on("SIGINT", forward);
  try {
    let endpoint: string | undefined;
    let endpoints: Promise<Record<string, string>> | undefined;
    return await runFleet(command, io, execView, async (target) => {
      const { session, accountId, accountName, region, roleArn, signal } = target;
      const served = server?.register(() => session.getCredentials());
      const credentials = served ? undefined : await session.getCredentials();
      endpoints ??= childEndpointVariables(endpoint, command.session.profile, io.env);
      const env = childEnv(io.env, {
        accountId, region, ...(accountName !== undefined && { accountName }), ...(roleArn !== undefined && { roleArn }),
        endpoints: await endpoints, files: shared,
        ...(credentials !== undefined && { credentials }), ...(served !== undefined && { served: served.env }),
      });
      const label = `${accountName ?? accountId}/${region}`;
      const write = command.outputDir === undefined ? prefixed(io, label, command.output.format === "table") : toFiles(command.outputDir, accountId, region, files);
      try {
        const result = await runChild({ argv: command.argv, shell: command.shell, env, onLine: write, signal });
        const value: ExecValue = {
          exitCode: result.exitCode, ...(result.signal !== null && { signal: result.signal }), durationMs: result.durationMs, stdout: result.stdout, stderr: result.stderr,
        };
        if (result.exitCode !== 0) throw new ExecFailure(value);
        return value;
      } finally {
        served?.release();
      }
    }, (connection) => (endpoint = connection.endpoint));
  } finally {
    process.off("SIGINT", forward);
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
  const folder = join(dir, accountId);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const out = createWriteStream(join(folder, `${region}.out`), { mode: 0o600 });
  const err = createWriteStream(join(folder, `${region}.err`), { mode: 0o600 });
  open.add(out).add(err);
  return (stream, line) => void (stream === "stdout" ? out : err).write(`${line}\n`);
}
