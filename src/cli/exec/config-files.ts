// The shared config and credentials files of `exec` children: empty, created new by this run in
// a folder only this user can enter (mkdtemp: 0700), so a child's SDK or CLI finds no profile,
// keys or endpoint but the ones in its environment. Removed when the run ends.
import { closeSync, constants, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The run's files and their removal. */
export interface ChildFiles {
  config: string;
  credentials: string;
  remove(): void;
}

/** Creates the folder and its two empty 0600 files. */
export function createChildFiles(): ChildFiles {
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-exec-"));
  const create = (name: string): string => {
    const path = join(dir, name);
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
    return path;
  };
  return { config: create("config"), credentials: create("credentials"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
