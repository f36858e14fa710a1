// Whether a process a test started is still running (for "nothing is left running" checks).
import { readFileSync } from "node:fs";

// Running, or stopped but not yet reaped by an init that never reaps (a zombie has ended).
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}
