// Every test file starts from an environment with no AWS settings of the machine's: no keys,
// no profile, no region, and config files pointed at paths that do not exist, so nothing
// depends on the developer's ~/.aws. The credential file cache (on by default in the CLI) points
// at a fresh temp directory per test file, never at ~/.cache. Each file's changes are undone after it.
import { afterAll, beforeAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const saved = new Map<string, string | undefined>();
const CACHE_VARS = ["SESSIONFLEET_CACHE_DIR", "XDG_CACHE_HOME"];
const savedCache = new Map<string, string | undefined>();
let cacheDir: string | undefined;

// The SDK warns once per loaded copy of @aws-sdk/core that Node 20 will lose support
// (emitWarningIfUnsupportedVersion in @aws-sdk/core/dist-cjs/submodules/client, read when a
// client is made); vitest loads a copy per test file, so a run printed it ~20 times. The SDK's own
// switch turns it off for the tests only. Set here for clients made while a file is imported,
// and again below after the AWS_* variables are cleared. (The CLI sets it itself in bin.ts.)
const SDK_WARNING = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
process.env[SDK_WARNING] = "true";

beforeAll(() => {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("AWS_")) {
      saved.set(key, process.env[key]);
      delete process.env[key];
    }
  }
  for (const key of ["AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"]) {
    if (!saved.has(key)) saved.set(key, undefined);
  }
  process.env.AWS_CONFIG_FILE = join(tmpdir(), "sessionfleet-no-such-config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(tmpdir(), "sessionfleet-no-such-credentials");
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  saved.set("AWS_EC2_METADATA_DISABLED", saved.get("AWS_EC2_METADATA_DISABLED"));
  process.env[SDK_WARNING] = "true";
  for (const key of CACHE_VARS) savedCache.set(key, process.env[key]);
  delete process.env.XDG_CACHE_HOME;
  cacheDir = mkdtempSync(join(tmpdir(), "sessionfleet-cache-"));
  process.env.SESSIONFLEET_CACHE_DIR = cacheDir;
});

afterAll(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
  for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
  for (const [key, value] of savedCache) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (cacheDir !== undefined) rmSync(cacheDir, { recursive: true, force: true });
});
