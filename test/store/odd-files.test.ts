// A cache file that is not a regular file, or is too big to be an entry (issue 21.6): a FIFO once
// hung the run (open() waited for a writer forever) and a 400 MB file was read whole. Each is a
// miss with one warning, found without blocking and without reading more than 64 KiB.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileCredentialStore, type CredentialStoreEntry } from "../../src/index.js";
import { MAX_ENTRY_BYTES, SKIPPED_FILE_WARNING } from "../../src/credentials/file-store.js";

const KEY = "c".repeat(64);
const BIG = "d".repeat(64);
const entry: CredentialStoreEntry = {
  accessKeyId: "ASIAFAKEODDFILES0001", secretAccessKey: "FAKEsecretODDFILES", sessionToken: "FAKEtokenODDFILES",
  expiration: new Date(Date.now() + 3600_000), roleArn: "arn:aws:iam::200000000001:role/Audit", accountId: "200000000001",
};
let dir: string;
const warnings: { code?: string; message: string }[] = [];
const onWarning = (w: Error & { code?: string }) => void warnings.push({ message: w.message, ...(w.code !== undefined && { code: w.code }) });
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), "sessionfleet-odd-")), "cache");
  warnings.length = 0;
  process.on("warning", onWarning);
});
afterEach(() => {
  process.off("warning", onWarning);
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

/** Fails instead of hanging: the old code blocked in open() on a FIFO. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
const tick = () => new Promise((r) => setImmediate(r));

describe("FileCredentialStore and files that are not entries", () => {
  it("a FIFO in place of an entry is a miss (get, list) with one warning, and set replaces it", async () => {
    const store = new FileCredentialStore({ dir });
    await store.set(KEY, entry);
    unlinkSync(join(dir, `${KEY}.json`));
    expect(spawnSync("mkfifo", ["-m", "600", join(dir, `${KEY}.json`)]).status).toBe(0);
    expect(await within(3000, store.get(KEY))).toBeUndefined();
    expect(await within(3000, store.list())).toEqual([]);
    await tick();
    expect(warnings.filter((w) => w.code === SKIPPED_FILE_WARNING).map((w) => w.message)).toEqual([
      `Ignoring the credential cache file ${join(dir, `${KEY}.json`)}: it is not a regular file; the next AssumeRole replaces it.`,
    ]);
    await store.set(KEY, entry);
    expect((await store.get(KEY))?.accessKeyId).toBe(entry.accessKeyId);
  });

  it("an entry over 64 KiB is not read: a miss with one warning", async () => {
    const store = new FileCredentialStore({ dir });
    await store.set(BIG, entry);
    const path = join(dir, `${BIG}.json`);
    const file = JSON.parse(readFileSync(path, "utf8"));
    file.Padding = "x".repeat(MAX_ENTRY_BYTES);
    writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
    expect(await store.get(BIG)).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await tick();
    expect(warnings.filter((w) => w.code === SKIPPED_FILE_WARNING).map((w) => w.message)).toEqual([
      `Ignoring the credential cache file ${path}: it is ${readFileSync(path).length} bytes, more than an entry can be (65536); the next AssumeRole replaces it.`,
    ]);
    // Just under the limit is still an entry.
    file.Padding = "x".repeat(MAX_ENTRY_BYTES - 2000);
    writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
    expect((await store.get(BIG))?.accessKeyId).toBe(entry.accessKeyId);
  });
});
