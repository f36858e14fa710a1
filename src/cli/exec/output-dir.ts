// `exec --output-dir DIR`: DIR/<account>/<region>.out and .err, safe on a shared machine. A child's
// output may hold secrets, and DIR may sit in a folder others can write (/tmp). So every folder
// the run writes into is its user's and writable by no one else (checked without following a
// symlink where the run creates it), every folder above DIR is the user's or root's and, where
// others can write to it, sticky (as /tmp is: no one can then rename or replace what is ours),
// and each file is created new (O_CREAT|O_EXCL|O_NOFOLLOW, 0600): an existing file or a planted
// symlink is refused, never followed, truncated or appended to.
import { constants, createWriteStream, lstatSync, mkdirSync, openSync, statSync, type Stats, type WriteStream } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FleetError } from "../../errors.js";

const posix = process.platform !== "win32";
const uid = (): number => process.getuid?.() ?? -1;
const ours = (s: Stats): boolean => s.uid === uid();
const othersWrite = (s: Stats): boolean => (s.mode & 0o022) !== 0;

function refuse(path: string, why: string): FleetError {
  return new FleetError("ERR_INVALID_INPUT", `Refusing --output-dir: ${path} ${why}. Use a folder of your own that only you can write to (e.g. mkdir -m 700 out).`, { option: "--output-dir" });
}

/** Creates DIR (and missing folders above it, each 0700) or checks the existing one; throws before any child runs. */
export function prepareOutputDir(dir: string): string {
  const path = resolve(dir);
  if (!posix) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return path;
  }
  const missing: string[] = [];
  let existing = path;
  while (!exists(existing)) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  for (let above = existing; ; above = dirname(above)) {
    const s = statSync(above);
    if (above !== path && !(ours(s) || s.uid === 0)) throw refuse(above, "belongs to another user");
    if (above !== path && othersWrite(s) && (s.mode & constants.S_IFMT) === constants.S_IFDIR && (s.mode & 0o1000) === 0) throw refuse(above, "can be written by other users and is not sticky");
    if (dirname(above) === above) break;
  }
  for (const folder of missing) makeFolder(folder);
  checkFolder(path, statSync(path));
  return path;
}

/** The two new files of one target, DIR/<account>/<region>.out and .err. */
export function openTargetFiles(dir: string, accountId: string, region: string): { out: WriteStream; err: WriteStream } {
  const folder = join(dir, accountId);
  if (posix && !exists(folder)) makeFolder(folder);
  else if (posix) checkFolder(folder, lstatSync(folder));
  else mkdirSync(folder, { recursive: true, mode: 0o700 });
  const out = createNew(join(folder, `${region}.out`));
  let err: WriteStream;
  try {
    err = createNew(join(folder, `${region}.err`));
  } catch (error) {
    out.destroy();
    throw error;
  }
  return { out, err };
}

function createNew(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ELOOP") throw refuse(path, "already exists (a file of an earlier run, or planted); output files are only ever created new");
    throw error;
  }
  return createWriteStream("", { fd });
}

/** mkdir 0700; a name that appeared meanwhile is checked like any existing folder. */
function makeFolder(path: string): void {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  checkFolder(path, lstatSync(path));
}

function checkFolder(path: string, s: Stats): void {
  if (s.isSymbolicLink()) throw refuse(path, "is a symbolic link");
  if (!s.isDirectory()) throw refuse(path, "is not a folder");
  if (!ours(s)) throw refuse(path, "belongs to another user");
  if (othersWrite(s)) throw refuse(path, `can be written by other users (mode ${(s.mode & 0o7777).toString(8)})`);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
