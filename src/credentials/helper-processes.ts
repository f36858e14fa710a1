// A profile's credential_process runs in a child process that the SDK starts and keeps no handle
// on (@aws-sdk/credential-provider-process: `promisify(exec)(credential_process)`, no time limit).
// One that never exits (a prompt waiting for input it will never get, a helper that hangs) held
// the Node process open after its load had timed out and its session was closed. A load watches
// the children made while it runs, through Node's built-in diagnostics channel "child_process"
// (Node's diagnostics_channel docs, "Built-in channels": published with every ChildProcess made),
// and when the load is given up ends those still running one of the shared config's
// credential_process commands (`exec` runs it as `/bin/sh -c <command>`): SIGTERM to it and to
// the processes under it (the shell forks the command: Debian's dash does), its pipes closed (a
// helper waiting on standard input reads its end), and no longer counted by the event loop. The
// processes under the shell are found in /proc (Linux); elsewhere only the shell is signalled, and
// a command that outlives it is left to the operating system.
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { nodeDiagnosticsChannel } from "../node-builtins.js";
import { readProfiles } from "./shared-profiles.js";

const CHANNEL = "child_process";
const watches = new Set<Set<ChildProcess>>();

function seen(message: unknown): void {
  const child = (message as { process?: ChildProcess } | undefined)?.process;
  if (child !== undefined) for (const children of watches) children.add(child);
}

/** The children made while a credential load runs. */
export interface HelperWatch {
  /** Ends the children still running a configured credential_process; stops watching. Returns how many. */
  end(): Promise<number>;
  /** Stops watching (the load settled). */
  stop(): void;
}

export function watchHelperProcesses(): HelperWatch {
  const children = new Set<ChildProcess>();
  const channel = nodeDiagnosticsChannel();
  if (watches.size === 0) channel.subscribe(CHANNEL, seen);
  watches.add(children);
  const stop = (): void => {
    if (watches.delete(children) && watches.size === 0) channel.unsubscribe(CHANNEL, seen);
  };
  return {
    stop,
    async end() {
      stop();
      const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
      if (running.length === 0) return 0;
      const commands = await credentialProcesses();
      let ended = 0;
      for (const child of running) {
        const command = child.spawnargs?.at(-1);
        // exec quotes the command for cmd.exe on Windows ("/d /s /c \"command\"").
        if (command === undefined || !(commands.has(command) || commands.has(command.replace(/^"(.*)"$/s, "$1")))) continue;
        for (const pid of descendants(child.pid)) signal(pid);
        child.kill();
        for (const pipe of [child.stdin, child.stdout, child.stderr]) pipe?.destroy();
        child.unref();
        ended++;
      }
      return ended;
    },
  };
}

/** Every credential_process of the shared config and credentials files, read as the SDK reads them. */
async function credentialProcesses(): Promise<Set<string>> {
  return new Set(Object.values(await readProfiles()).flatMap((profile) => (typeof profile.credential_process === "string" ? [profile.credential_process] : [])));
}

/** The processes under `pid`, deepest last, from /proc/<pid>/stat's parent ids (Linux; none elsewhere). */
function descendants(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone since the listing, or not ours to read.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(pid: number): void {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // Already gone.
  }
}
