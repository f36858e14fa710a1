// Temp shared config files for tests that need a ~/.aws/config: written to a fresh directory,
// pointed at by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, and removed afterwards. Every
// call gets new paths, so the SDK's per-path file cache never serves a previous test's files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY } from "../../src/sandbox/credentials.js";

export interface ProfileFiles {
  config: string;
  credentials: string;
  /** The two variables for a child process (the CLI). */
  env: { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string };
  /** Points this process's AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE here until `restore()`. */
  use(): void;
  restore(): void;
}

/** The sandbox's admin keys as a `[name]` section of a credentials file. */
export const sandboxKeys = (name: string) => `[${name}]\naws_access_key_id = ${ADMIN_ACCESS_KEY_ID}\naws_secret_access_key = ${ADMIN_SECRET_ACCESS_KEY}\n`;

export function profileFiles(config: string, credentials = ""): ProfileFiles {
  const dir = mkdtempSync(join(tmpdir(), "sessionfleet-profile-"));
  const paths = { config: join(dir, "config"), credentials: join(dir, "credentials") };
  writeFileSync(paths.config, config);
  writeFileSync(paths.credentials, credentials);
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  const set = (key: string, value: string | undefined) => (value === undefined ? delete process.env[key] : (process.env[key] = value));
  return {
    ...paths,
    env: { AWS_CONFIG_FILE: paths.config, AWS_SHARED_CREDENTIALS_FILE: paths.credentials },
    use() {
      process.env.AWS_CONFIG_FILE = paths.config;
      process.env.AWS_SHARED_CREDENTIALS_FILE = paths.credentials;
    },
    restore() {
      set("AWS_CONFIG_FILE", saved.config);
      set("AWS_SHARED_CREDENTIALS_FILE", saved.credentials);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
