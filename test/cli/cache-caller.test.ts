// The cache key names the caller by its resolved base credentials (issue 21.3), for a profile and
// the default chain too: with the cache filled by valid keys, the same profile with a wrong
// secret once got the role's credentials from the cache (the key was `profile:<name>@<path>`).
// Each run is a new CLI process, so the SDK's per-path file cache never hides an edit.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ADMIN_ACCESS_KEY_ID } from "../../src/sandbox/credentials.js";
import { profileFiles, sandboxKeys, type ProfileFiles } from "../config/profile-files.js";
import { cleanEnv, runCli } from "./run-cli.js";

const ROLE = "OrganizationAccountAccessRole";
const WRONG = (name: string) => `[${name}]\naws_access_key_id = ${ADMIN_ACCESS_KEY_ID}\naws_secret_access_key = FAKEwrongSECRETnotREAL3333333333333333333\n`;
let sb: Sandbox;
let cacheDir: string;
let files: ProfileFiles | undefined;
beforeAll(async () => (sb = await startSandbox({ faults: null })));
afterAll(async () => await sb?.close());
beforeEach(() => {
  sb.resetStats();
  cacheDir = mkdtempSync(join(tmpdir(), "sessionfleet-cache-caller-"));
});
afterEach(() => {
  files?.restore();
  files = undefined;
  rmSync(cacheDir, { recursive: true, force: true });
});

const whoami = (extra: string[]) => ["whoami", ...(extra.includes("--accounts") ? [] : ["--accounts", "200000000001"]), "--role", ROLE, "--regions", "us-east-1", "--endpoint-url", sb.endpoint, "--format", "json", ...extra];
const run = (extra: string[], env: Record<string, string> = {}) => runCli(whoami(extra), cleanEnv({ ...files!.env, AWS_REGION: "us-east-1", SESSIONFLEET_CACHE_DIR: cacheDir, ...env }));
const oks = (stdout: string) => (JSON.parse(stdout) as { targets: Array<{ ok: boolean }> }).targets.map((t) => t.ok);

describe("the cache key of a profile or the default chain is its base credentials", () => {
  it("--profile: a wrong secret after a run with the right one gets nothing from the cache", async () => {
    files = profileFiles("[profile ops]\nregion = us-east-1\n", sandboxKeys("ops"));
    const good = await run(["--profile", "ops"]);
    expect([good.code, oks(good.stdout)]).toEqual([0, [true]]);
    expect(sb.stats().assumeRole.total).toBe(1);
    // A second good run is served by the cache: the key costs no STS call.
    expect((await run(["--profile", "ops"])).code).toBe(0);
    expect(sb.stats().assumeRole.total).toBe(1);
    writeFileSync(files.credentials, WRONG("ops"));
    const wrong = await run(["--profile", "ops"]);
    expect(wrong.code).toBe(1);
    expect(oks(wrong.stdout)).toEqual([false]);
    expect(wrong.stdout).not.toContain("assumed-role");
  });

  it("the default chain (AWS_PROFILE, or [default]): a wrong secret gets nothing from the cache", async () => {
    for (const [name, env] of [["default", {}], ["dev", { AWS_PROFILE: "dev" }]] as const) {
      files?.restore();
      files = profileFiles("", sandboxKeys(name));
      expect((await run([], env)).code).toBe(0);
      writeFileSync(files.credentials, WRONG(name));
      const wrong = await run([], env);
      expect([name, wrong.code, oks(wrong.stdout)]).toEqual([name, 1, [false]]);
    }
  });

  it("a role profile (role_arn + source_profile) keys on its source's keys and the role, without an STS call", async () => {
    files = profileFiles(
      `[profile base]\nregion = us-east-1\n[profile admin]\nregion = us-east-1\nrole_arn = arn:aws:iam::200000000001:role/${ROLE}\nsource_profile = base\n`,
      sandboxKeys("base"),
    );
    // The profile's own AssumeRole goes where the SDK sends it: AWS_ENDPOINT_URL (the sandbox).
    const admin = () => run(["--profile", "admin", "--accounts", "200000000004"], { AWS_ENDPOINT_URL: sb.endpoint });
    const first = await admin();
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect(sb.stats().assumeRole.total).toBe(2);
    // Cached: neither the target role (200000000004) nor, since the eighth stop, the profile's own
    // role (200000000001, kept as the AWS CLI keeps it: profile-role-store.ts) is asked for again;
    // the keys themselves cost none (caller-key.test.ts: a role profile is keyed without loading it).
    expect((await admin()).code).toBe(0);
    expect(sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000004": 1 });
    writeFileSync(files.credentials, WRONG("base"));
    const wrong = await admin();
    expect(wrong.code).toBe(1);
    expect(oks(wrong.stdout)).toEqual([false]);
  });
});
