// One child process of `exec`: spawned in a process group of its own, so a timeout, Ctrl-C or the
// end of the run can stop it together with everything it started (SIGTERM, then SIGKILL after a
// grace period). Every child still alive is tracked until it has exited.
import { spawn, type ChildProcess } from "node:child_process";

/** How long a child has between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2_000;
/** Lines of each stream kept for the record. */
export const TAIL_LINES = 20;

/** What to run and where its output goes. */
export interface ChildSpec {
  argv: readonly string[];
  /** Run `argv[0]` through the shell (`--shell`). */
  shell: boolean;
  env: Record<string, string>;
  /** Each complete line of the child's stdout / stderr, as it arrives. */
  onLine(stream: "stdout" | "stderr", line: string): void;
  signal: AbortSignal;
}

/** How a child ended, with the last lines of its output. */
export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  stdout: string[];
  stderr: string[];
}

const live = new Set<ChildProcess>();

/** Runs the child to its end; aborting `signal` stops its whole process group. Never rejects for the child's exit. */
export function runChild(spec: ChildSpec): Promise<ChildResult> {
  const started = performance.now();
  const [file, ...args] = spec.argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: spec.env, shell: spec.shell, detached: process.platform !== "win32", stdio: ["ignore", "pipe", "pipe"] });
    live.add(child);
    const tails = { stdout: [] as string[], stderr: [] as string[] };
    const flushers = (["stdout", "stderr"] as const).map((name) => splitLines(child[name]!, (line) => {
      const tail = tails[name];
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      spec.onLine(name, line);
    }));
    const stop = (): void => stopGroup(child);
    spec.signal.addEventListener("abort", stop, { once: true });
    if (spec.signal.aborted) stop();
    child.once("error", (error) => {
      live.delete(child);
      spec.signal.removeEventListener("abort", stop);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      live.delete(child);
      spec.signal.removeEventListener("abort", stop);
      for (const flush of flushers) flush();
      resolve({ exitCode, signal, durationMs: Math.round(performance.now() - started), ...tails });
    });
  });
}

/** Sends `signal` to the process group of every child still running (the first Ctrl-C: SIGINT). */
export function signalAllChildren(signal: NodeJS.Signals): void {
  for (const child of live) signalGroup(child, signal);
}

/** SIGKILLs every child still running and waits until each has exited (the end of a run). */
export async function killAllChildren(): Promise<void> {
  const waiting = [...live].map((child) => new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    signalGroup(child, "SIGKILL");
  }));
  await Promise.all(waiting);
}

function stopGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalGroup(child, "SIGTERM");
  const kill = setTimeout(() => signalGroup(child, "SIGKILL"), KILL_GRACE_MS);
  kill.unref();
  child.once("close", () => clearTimeout(kill));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The negative pid is the child's process group: the child and everything it started.
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
