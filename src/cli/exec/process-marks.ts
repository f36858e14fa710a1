// Finding what an `exec` child started, wherever it went. A process group reaches only what
// stayed in it; a grandchild started with `setsid` (or double-forked into a daemon) leaves it, and
// once its parent has exited it is no longer in the child's process tree either. Every child's
// environment carries a mark (SESSIONFLEET_EXEC_MARK) that its descendants inherit, so on Linux
// the run finds them by reading /proc/<pid>/environ (readable for the user's own processes) and,
// for those that dropped the variable, by walking the parent links from the child while it lives.
// What neither reaches: a process that replaced its environment (`env -i`) after leaving both the
// group and the tree, or one running as another user. Elsewhere than Linux only groups are signalled.
import { readdirSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

/** The variable that marks a child and everything it starts. */
export const MARK_VARIABLE = "SESSIONFLEET_EXEC_MARK";

const RUN = randomBytes(8).toString("hex");
let next = 0;

/** A new mark for one child of this run. */
export function newMark(): string {
  return `${RUN}-${++next}`;
}

/**
 * Pids of this user's processes (not us) marked `mark`, or any mark of this run when `mark` is
 * undefined, plus the descendants of a running `child`; those in the child's process group are
 * left out (the group is signalled as a whole, and a process must not get a signal twice).
 */
export function markedProcesses(mark: string | undefined, child?: { pid: number; running: boolean }): number[] {
  if (process.platform !== "linux") return [];
  const wanted = mark === undefined ? `${MARK_VARIABLE}=${RUN}-` : `${MARK_VARIABLE}=${mark}\0`;
  const found = new Set<number>();
  const parents = new Map<number, number>();
  const grouped = new Set<number>();
  let pids: number[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  for (const pid of pids) {
    if (pid === process.pid) continue;
    try {
      // The stat line is "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [, ppid, pgid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
      if (pgid === child?.pid) grouped.add(pid);
      parents.set(pid, ppid!);
      if (readFileSync(`/proc/${pid}/environ`, "latin1").includes(wanted)) found.add(pid);
    } catch {
      // Gone meanwhile, or another user's: not ours to signal.
    }
  }
  if (child?.running) {
    const root = child.pid;
    let grew = true;
    const tree = new Set([root]);
    while (grew) {
      grew = false;
      for (const [pid, ppid] of parents) {
        if (tree.has(ppid) && !tree.has(pid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of tree) if (pid !== root) found.add(pid);
  }
  return [...found].filter((pid) => !grouped.has(pid));
}

/** Sends `signal` to each pid; those already gone are skipped. */
export function signalEach(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
