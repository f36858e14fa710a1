// One child process of `exec`: spawned in a process group of its own (so a terminal's Ctrl-C
// reaches only sessionfleet), marked so that what it starts can be found even outside that group
// (process-marks.ts). Stopping it signals its group and everything marked as its; every wait has
// a deadline: a stopped child's result comes at the latest KILL_GRACE_MS after SIGKILL, even if
// something it started still holds its output pipes open (they are then closed on our side).
import { spawn, type ChildProcess } from "node:child_process";
import { MARK_VARIABLE, markedProcesses, newMark, signalEach } from "./process-marks.js";

/** How long a child has between one stopping signal and the next (SIGINT/SIGTERM, then SIGKILL). */
export const KILL_GRACE_MS = 2_000;
/** Lines of each stream kept for the record. */
export const TAIL_LINES = 20;
// Once a stopped child has exited, how long its pipes may still bring output before we close them.
const DRAIN_MS = 200;

/** What to run and where its output goes. */
export interface ChildSpec {
  argv: readonly string[];
  /** Run `argv[0]` through the shell (`--shell`). */
  shell: boolean;
  env: Record<string, string>;
  /** Each complete line of the child's stdout / stderr, as it arrives. */
  onLine(stream: "stdout" | "stderr", line: string): void;
  /** Called once, the moment the child process itself has exited (before its pipes have closed). */
  onExit?(): void;
}

/** How a child ended (or, while it runs, how far it got), with the last lines of its output. */
export interface ChildResult {
  exitCode: number | null;
  /** The signal that ended it, or (while it runs) the last one sent to it. */
  signal: NodeJS.Signals | null;
  durationMs: number;
  stdout: string[];
  stderr: string[];
}

/** A child that was started. */
export interface RunningChild {
  /** Settles when the child has ended and its output is read (or, once stopped, cut off); rejects only if it could not start. */
  readonly result: Promise<ChildResult>;
  /** What is known now: the final result once ended. */
  snapshot(): ChildResult;
  /**
   * Stops the child and what it started: `signals` in turn, KILL_GRACE_MS apart, then SIGKILL.
   * A timeout: `["SIGTERM"]`; the second Ctrl-C: `["SIGINT", "SIGTERM"]`.
   */
  stop(signals: readonly NodeJS.Signals[]): void;
}

const live = new Set<RunningChild>();

/** Starts the child. */
export function startChild(spec: ChildSpec): RunningChild {
  const started = performance.now();
  const mark = newMark();
  const [file, ...args] = spec.argv as [string, ...string[]];
  const child = spawn(file, args, { env: { ...spec.env, [MARK_VARIABLE]: mark }, shell: spec.shell, detached: process.platform !== "win32", stdio: ["ignore", "pipe", "pipe"] });
  const tails = { stdout: [] as string[], stderr: [] as string[] };
  let sent: NodeJS.Signals | null = null;
  let final: ChildResult | undefined;
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];
  let handleStop: (signals: readonly NodeJS.Signals[]) => void = () => {};
  const flushers = (["stdout", "stderr"] as const).map((name) => splitLines(child[name]!, (line) => {
    const tail = tails[name];
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    spec.onLine(name, line);
  }));
  const snapshot = (): ChildResult => final ?? {
    exitCode: child.exitCode, signal: child.signalCode ?? sent, durationMs: Math.round(performance.now() - started), stdout: [...tails.stdout], stderr: [...tails.stderr],
  };
  const signalAll = (signal: NodeJS.Signals): void => {
    sent = signal;
    signalGroup(child, signal);
    if (child.pid !== undefined) signalEach(markedProcesses(mark, { pid: child.pid, running: child.exitCode === null && child.signalCode === null }), signal);
  };
  const result = new Promise<ChildResult>((resolve, reject) => {
    let exited: { exitCode: number | null; signal: NodeJS.Signals | null; at: number } | undefined;
    const finish = (): void => {
      if (final) return;
      for (const timer of timers) clearTimeout(timer);
      for (const flush of flushers) flush();
      const ended = exited ?? { exitCode: child.exitCode, signal: child.signalCode ?? sent, at: performance.now() };
      final = { exitCode: ended.exitCode, signal: ended.signal, durationMs: Math.round(ended.at - started), stdout: tails.stdout, stderr: tails.stderr };
      live.delete(handle);
      resolve(final);
    };
    child.once("error", (error) => {
      live.delete(handle);
      for (const timer of timers) clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (exitCode, signal) => {
      exited = { exitCode, signal, at: performance.now() };
      spec.onExit?.();
      // Something the child started may hold its pipes open: once it is being stopped, they get DRAIN_MS.
      if (stopping) cutPipesAfter(DRAIN_MS);
    });
    child.once("close", finish);
    const cutPipesAfter = (ms: number): void => void timers.push(setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish();
    }, ms));
    handleStop = (signals) => {
      if (stopping || final) return;
      stopping = true;
      const steps = [...signals, "SIGKILL" as const];
      // The first at once, so a record made at this moment already names it.
      signalAll(steps[0]!);
      steps.slice(1).forEach((signal, i) => timers.push(setTimeout(() => signalAll(signal), (i + 1) * KILL_GRACE_MS)));
      if (exited) cutPipesAfter(DRAIN_MS);
      // The last deadline: even a child SIGKILL did not end (uninterruptible sleep) is given up on.
      cutPipesAfter((steps.length) * KILL_GRACE_MS);
    };
  });
  const handle: RunningChild = { result, snapshot, stop: (signals) => handleStop(signals) };
  live.add(handle);
  return handle;
}

/** Stops every child still running (the end of a run: SIGKILL at once) and waits until each has ended; then SIGKILLs anything of this run's left. */
export async function killAllChildren(): Promise<void> {
  const waiting = [...live].map((child) => {
    child.stop([]);
    return child.result.then(() => undefined, () => undefined);
  });
  await Promise.all(waiting);
  signalEach(markedProcesses(undefined), "SIGKILL");
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The negative pid is the child's process group: the child and everything it started there.
    process.kill(process.platform === "win32" ? child.pid : -child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Calls `onLine` for each complete line; the returned function flushes a last partial line. */
function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): () => void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  });
  return () => {
    if (pending !== "") onLine(pending);
    pending = "";
  };
}
