// The file store: assumed-role credentials in one JSON file per key, in the AWS CLI's cache shape
// (~/.aws/cli/cache holds `{ Credentials: { AccessKeyId, SecretAccessKey, SessionToken,
// Expiration }, AssumedRoleUser: { AssumedRoleId, Arn } }`, botocore's JSONFileCache), in a
// directory only its owner can read. Writes go to a temp file that is renamed over the entry,
// so a concurrent reader sees the old file or the new one, never half of one.
import { constants, type Stats } from "node:fs";
import { emitWarning } from "node:process";
import { isAbsolute, join, resolve } from "node:path";
import { FleetError, invalidInput } from "../errors.js";
import type { CredentialStore, CredentialStoreEntry } from "./store-types.js";
import { nodeCrypto, nodeFsPromises, nodeOs } from "../node-builtins.js";

/** Options of a {@link FileCredentialStore}. */
export interface FileCredentialStoreOptions {
  /** Default: `$SESSIONFLEET_CACHE_DIR`, else `$XDG_CACHE_HOME/sessionfleet`, else `~/.cache/sessionfleet`. */
  dir?: string;
}

/** One file of the store, as `sessionfleet cache list` shows it: no secret. */
export interface FileCacheListing {
  key: string;
  roleArn: string;
  accountId?: string;
  expiration: Date;
  expired: boolean;
}

const KEY = /^[0-9a-f]{64}$/;
const FORMAT = 1;
const POSIX = process.platform !== "win32";

/** The directory of the file store for an environment. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SESSIONFLEET_CACHE_DIR) return resolve(env.SESSIONFLEET_CACHE_DIR);
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, "sessionfleet");
  return join(nodeOs().homedir(), ".cache", "sessionfleet");
}

/**
 * A {@link CredentialStore} in files: directory `0700`, files `0600`, both owned by the user
 * running the process; a directory or file that others can read or write, or that another user
 * owns, is refused with a `FleetError` (`ERR_INVALID_INPUT`, option `cache`). Expired, corrupt
 * and foreign files are ignored (and replaced on the next AssumeRole).
 *
 * @example
 * ```ts
 * import { CredentialSession, FileCredentialStore } from "sessionfleet";
 * const base = new CredentialSession({ region: "us-east-1", cache: new FileCredentialStore({ dir: "/tmp/my-cache" }) });
 * ```
 */
export class FileCredentialStore implements CredentialStore {
  readonly dir: string;

  constructor(options: FileCredentialStoreOptions = {}) {
    this.dir = options.dir === undefined ? defaultCacheDir() : resolve(options.dir);
  }

  async get(key: string): Promise<CredentialStoreEntry | undefined> {
    const path = this.#path(key);
    if (!(await this.checkDirectory())) return undefined;
    return (await this.#read(path, key))?.entry;
  }

  async set(key: string, entry: CredentialStoreEntry): Promise<void> {
    const path = this.#path(key);
    await this.checkDirectory(true);
    const temp = join(this.dir, `.${key}.${process.pid}.${nodeCrypto().randomBytes(6).toString("hex")}.tmp`);
    const file = await nodeFsPromises().open(temp, "wx", 0o600);
    try {
      await file.writeFile(`${JSON.stringify(toFile(key, entry), null, 2)}\n`);
    } finally {
      await file.close();
    }
    try {
      await nodeFsPromises().rename(temp, path);
    } catch (error) {
      await nodeFsPromises().unlink(temp).catch(() => {});
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    await nodeFsPromises().unlink(path).catch(ignoreMissing);
  }

  /** Every readable entry, soonest expiry first; corrupt and foreign files are left out. */
  async list(now = Date.now()): Promise<FileCacheListing[]> {
    if (!(await this.checkDirectory())) return [];
    const out: FileCacheListing[] = [];
    for (const name of await nodeFsPromises().readdir(this.dir)) {
      const key = name.slice(0, -".json".length);
      if (!name.endsWith(".json") || !KEY.test(key)) continue;
      const found = await this.#read(join(this.dir, name), key);
      if (!found) continue;
      const { entry } = found;
      out.push({ key, roleArn: entry.roleArn, ...(entry.accountId !== undefined && { accountId: entry.accountId }), expiration: entry.expiration, expired: entry.expiration.getTime() <= now });
    }
    return out.sort((a, b) => a.expiration.getTime() - b.expiration.getTime());
  }

  /** Removes every entry (with `expired`, only expired, corrupt and foreign ones); returns how many. */
  async clear(options: { expired?: boolean } = {}, now = Date.now()): Promise<number> {
    if (!(await this.checkDirectory())) return 0;
    let removed = 0;
    for (const name of await nodeFsPromises().readdir(this.dir)) {
      const key = name.endsWith(".json") ? name.slice(0, -".json".length) : "";
      const stray = name.startsWith(".") && name.endsWith(".tmp");
      if (!KEY.test(key) && !stray) continue;
      if (options.expired && !stray) {
        const found = await this.#read(join(this.dir, name), key);
        if (found && found.entry.expiration.getTime() > now) continue;
      }
      // A temp file another process is still writing is young; leave those alone.
      if (stray && ((await nodeFsPromises().stat(join(this.dir, name)).catch(() => undefined))?.mtimeMs ?? now) > now - 60_000) continue;
      await nodeFsPromises().unlink(join(this.dir, name)).then(() => removed++, ignoreMissing);
    }
    return removed;
  }

  /**
   * Refuses an unsafe directory; with `create`, makes a missing one (mode 0700). Resolves to
   * whether the directory exists.
   */
  async checkDirectory(create = false): Promise<boolean> {
    if (create) await nodeFsPromises().mkdir(this.dir, { recursive: true, mode: 0o700 });
    let info: Stats;
    try {
      info = await nodeFsPromises().stat(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
    if (!info.isDirectory()) throw unsafe(this.dir, "is not a directory");
    checkOwnerAndMode(info, this.dir, 0o700);
    return true;
  }

  #path(key: string): string {
    if (typeof key !== "string" || !KEY.test(key)) throw invalidInput("cache key", key, "64 hex characters (a SHA-256 digest)");
    return join(this.dir, `${key}.json`);
  }

  async #read(path: string, key: string): Promise<{ entry: CredentialStoreEntry } | undefined> {
    let file;
    try {
      // O_NOFOLLOW: a symlink in place of an entry is foreign, not followed. O_NONBLOCK: a FIFO
      // (or a device) planted as an entry opens at once instead of waiting for a writer forever.
      file = await nodeFsPromises().open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ELOOP" || code === "EISDIR" || code === "ENXIO") return undefined;
      throw error;
    }
    try {
      const info = await file.stat();
      if (!info.isFile()) return skip(path, "is not a regular file");
      checkOwnerAndMode(info, path, 0o600);
      if (info.size > MAX_ENTRY_BYTES) return skip(path, `is ${info.size} bytes, more than an entry can be (${MAX_ENTRY_BYTES})`);
      // Never more than the limit, even if the file grows after the fstat.
      const buffer = Buffer.alloc(MAX_ENTRY_BYTES + 1);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      if (bytesRead > MAX_ENTRY_BYTES) return skip(path, `is more than an entry can be (${MAX_ENTRY_BYTES} bytes)`);
      const entry = fromFile(buffer.toString("utf8", 0, bytesRead), key);
      return entry && { entry };
    } finally {
      await file.close();
    }
  }
}

/** An entry is a few hundred bytes; anything over this is not one of ours and is not read. */
export const MAX_ENTRY_BYTES = 64 * 1024;
/** `process.emitWarning` code for a cache file that is skipped. */
export const SKIPPED_FILE_WARNING = "SESSIONFLEET_CACHE_FILE";
const warned = new Set<string>();

/** A miss, with one warning per file per process: the next AssumeRole replaces the file. */
function skip(path: string, problem: string): undefined {
  if (!warned.has(path)) {
    warned.add(path);
    emitWarning(`Ignoring the credential cache file ${path}: it ${problem}; the next AssumeRole replaces it.`, { code: SKIPPED_FILE_WARNING });
  }
  return undefined;
}

function checkOwnerAndMode(info: Stats, path: string, wanted: number): void {
  if (!POSIX) return;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw unsafe(path, `is owned by another user (uid ${info.uid}, not ${uid})`);
  if ((info.mode & 0o077) !== 0) {
    throw unsafe(path, `can be read or written by others (mode 0${(info.mode & 0o777).toString(8)}); make it 0${wanted.toString(8)} with chmod ${wanted.toString(8)}`);
  }
}

function unsafe(path: string, problem: string): FleetError {
  return new FleetError(
    "ERR_INVALID_INPUT",
    `Refusing the credential cache ${path}: it ${problem}. Fix it, point SESSIONFLEET_CACHE_DIR at a directory only you can read, or turn the cache off (--no-cache, or cache: "memory").`,
    { option: "cache" },
  );
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}

function toFile(key: string, entry: CredentialStoreEntry): Record<string, unknown> {
  return {
    Credentials: {
      AccessKeyId: entry.accessKeyId,
      SecretAccessKey: entry.secretAccessKey,
      ...(entry.sessionToken !== undefined && { SessionToken: entry.sessionToken }),
      Expiration: entry.expiration.toISOString(),
    },
    ...(entry.assumedRoleUser && { AssumedRoleUser: { AssumedRoleId: entry.assumedRoleUser.assumedRoleId, Arn: entry.assumedRoleUser.arn } }),
    // Ours, beside the AWS CLI's fields: a file whose key or format differs is foreign.
    Sessionfleet: { Format: FORMAT, Key: key, RoleArn: entry.roleArn, ...(entry.accountId !== undefined && { AccountId: entry.accountId }) },
  };
}

function fromFile(text: string, key: string): CredentialStoreEntry | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined; // corrupt: ignored, and replaced by the next AssumeRole
  }
  const file = data as { Credentials?: Record<string, unknown>; AssumedRoleUser?: Record<string, unknown>; Sessionfleet?: Record<string, unknown> } | null;
  const c = file?.Credentials;
  const ours = file?.Sessionfleet;
  if (!c || !ours || ours.Format !== FORMAT || ours.Key !== key || typeof ours.RoleArn !== "string") return undefined;
  if (typeof c.AccessKeyId !== "string" || typeof c.SecretAccessKey !== "string" || typeof c.Expiration !== "string") return undefined;
  if (c.SessionToken !== undefined && typeof c.SessionToken !== "string") return undefined;
  const expiration = new Date(c.Expiration);
  if (Number.isNaN(expiration.getTime())) return undefined;
  const user = file.AssumedRoleUser;
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(typeof c.SessionToken === "string" && { sessionToken: c.SessionToken }),
    expiration,
    roleArn: ours.RoleArn,
    ...(typeof ours.AccountId === "string" && { accountId: ours.AccountId }),
    ...(typeof user?.Arn === "string" && typeof user.AssumedRoleId === "string" && { assumedRoleUser: { arn: user.Arn, assumedRoleId: user.AssumedRoleId } }),
  };
}
