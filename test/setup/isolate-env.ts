// Every test file starts from an environment with no AWS settings of the machine's: no keys,
// no profile, no region, and config files pointed at paths that do not exist, so nothing
// depends on the developer's ~/.aws. Each file's changes are undone after it.
import { afterAll, beforeAll } from "vitest";
import { join } from "node:path";
import { tmpdir } from "node:os";

const saved = new Map<string, string | undefined>();

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
});

afterAll(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
  for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
});
