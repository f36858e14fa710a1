// The file store on its own: permissions, refusal of unsafe places, corrupt / foreign / expired
// files, atomic writes, listing without secrets, clearing.
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileCredentialStore, FleetError, type CredentialStoreEntry } from "../../src/index.js";
import { defaultCacheDir } from "../../src/credentials/file-store.js";

const KEY = "a".repeat(64);
const OTHER = "b".repeat(64);
const entry = (overrides: Partial<CredentialStoreEntry> = {}): CredentialStoreEntry => ({
  accessKeyId: "ASIAFAKEFILESTORE001", secretAccessKey: "FAKEsecretFILESTORE", sessionToken: "FAKEtokenFILESTORE",
  expiration: new Date("2030-01-01T00:00:00.000Z"), roleArn: "arn:aws:iam::200000000001:role/Audit", accountId: "200000000001",
  assumedRoleUser: { arn: "arn:aws:sts::200000000001:assumed-role/Audit/s", assumedRoleId: "AROAFAKE:s" }, ...overrides,
});
const mode = (path: string) => statSync(path).mode & 0o777;

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "sessionfleet-store-"));
  dir = join(root, "cache", "sessionfleet");
});

describe("FileCredentialStore", () => {
  it("makes the directory 0700 and each file 0600, in the AWS CLI's cache shape", async () => {
    const store = new FileCredentialStore({ dir });
    await store.set(KEY, entry());
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, `${KEY}.json`))).toBe(0o600);
    expect(readdirSync(dir)).toEqual([`${KEY}.json`]); // no temp file left behind
    const file = JSON.parse(readFileSync(join(dir, `${KEY}.json`), "utf8"));
    expect(file.Credentials).toEqual({ AccessKeyId: "ASIAFAKEFILESTORE001", SecretAccessKey: "FAKEsecretFILESTORE", SessionToken: "FAKEtokenFILESTORE", Expiration: "2030-01-01T00:00:00.000Z" });
    expect(file.AssumedRoleUser).toEqual({ AssumedRoleId: "AROAFAKE:s", Arn: "arn:aws:sts::200000000001:assumed-role/Audit/s" });
    expect(await store.get(KEY)).toEqual(entry());
    expect(await store.get(OTHER)).toBeUndefined();
  });

  it("refuses a directory others can read, one another user owns, and a file others can read", async () => {
    const store = new FileCredentialStore({ dir });
    await store.set(KEY, entry());
    chmodSync(dir, 0o755);
    const refused = await store.get(KEY).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FleetError);
    expect((refused as FleetError).code).toBe("ERR_INVALID_INPUT");
    expect((refused as FleetError).message).toContain(`Refusing the credential cache ${dir}: it can be read or written by others (mode 0755)`);
    await expect(store.set(OTHER, entry())).rejects.toThrow(/mode 0755/);
    chmodSync(dir, 0o700);
    chmodSync(join(dir, `${KEY}.json`), 0o644);
    await expect(store.get(KEY)).rejects.toThrow(`Refusing the credential cache ${join(dir, `${KEY}.json`)}: it can be read or written by others (mode 0644)`);
    chmodSync(join(dir, `${KEY}.json`), 0o600);
    if (process.getuid?.() === 0) {
      chownSync(dir, 12345, 12345);
      await expect(store.get(KEY)).rejects.toThrow(/is owned by another user \(uid 12345, not 0\)/);
      chownSync(dir, 0, 0);
    }
    expect((await store.get(KEY))?.accessKeyId).toBe("ASIAFAKEFILESTORE001");
  });

  it("ignores corrupt, foreign and symlinked files (get → undefined) and replaces them on set", async () => {
    const store = new FileCredentialStore({ dir });
    await store.set(KEY, entry());
    const path = join(dir, `${KEY}.json`);
    const good = readFileSync(path, "utf8");
    for (const text of ["", "{\"Credentials\":", "null", "[]", good.replace(KEY, OTHER), good.replace("\"Format\": 1", "\"Format\": 2"), good.replace("2030-01-01T00:00:00.000Z", "not a date")]) {
      writeFileSync(path, text, { mode: 0o600 });
      expect(await store.get(KEY), text.slice(0, 40)).toBeUndefined();
    }
    writeFileSync(join(root, "elsewhere.json"), good, { mode: 0o600 });
    symlinkSync(join(root, "elsewhere.json"), join(dir, `${OTHER}.json`));
    expect(await store.get(OTHER)).toBeUndefined();
    await store.set(KEY, entry({ accessKeyId: "ASIAFAKEFILESTORE002" }));
    expect((await store.get(KEY))?.accessKeyId).toBe("ASIAFAKEFILESTORE002");
  });

  it("list shows key, role, account and expiry, never a secret; clear --expired keeps live entries", async () => {
    const store = new FileCredentialStore({ dir });
    expect(await store.list()).toEqual([]); // no directory yet: nothing, and nothing made
    await store.set(KEY, entry());
    await store.set(OTHER, entry({ expiration: new Date("2020-01-01T00:00:00.000Z"), accountId: "200000000002", roleArn: "arn:aws:iam::200000000002:role/Audit" }));
    writeFileSync(join(dir, `${"c".repeat(64)}.json`), "corrupt", { mode: 0o600 });
    const listed = await store.list(Date.parse("2026-01-01T00:00:00Z"));
    expect(listed).toEqual([
      { key: OTHER, roleArn: "arn:aws:iam::200000000002:role/Audit", accountId: "200000000002", expiration: new Date("2020-01-01T00:00:00.000Z"), expired: true },
      { key: KEY, roleArn: "arn:aws:iam::200000000001:role/Audit", accountId: "200000000001", expiration: new Date("2030-01-01T00:00:00.000Z"), expired: false },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/ASIAFAKE|FAKEsecret|FAKEtoken/);
    expect(await store.clear({ expired: true }, Date.parse("2026-01-01T00:00:00Z"))).toBe(2);
    expect(readdirSync(dir)).toEqual([`${KEY}.json`]);
    expect(await store.clear()).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a key that is not a hex digest (no path outside the directory)", async () => {
    const store = new FileCredentialStore({ dir });
    await expect(store.set("../../etc/passwd", entry())).rejects.toThrow(/Invalid cache key/);
    await expect(store.get("x")).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
  });

  it("directory: SESSIONFLEET_CACHE_DIR, else $XDG_CACHE_HOME/sessionfleet, else ~/.cache/sessionfleet", () => {
    expect(defaultCacheDir({ SESSIONFLEET_CACHE_DIR: "/x/y", XDG_CACHE_HOME: "/xdg" })).toBe("/x/y");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/sessionfleet");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "relative" })).toMatch(/\/\.cache\/sessionfleet$/);
    expect(defaultCacheDir({})).toMatch(/\/\.cache\/sessionfleet$/);
    // The test setup keeps every test file's cache in a temp directory of its own.
    expect(process.env.SESSIONFLEET_CACHE_DIR).toContain(tmpdir());
    expect(new FileCredentialStore().dir).toBe(process.env.SESSIONFLEET_CACHE_DIR);
  });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));
