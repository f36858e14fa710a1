// No credentials or an unknown profile is the run's configuration problem: fanOut rejects once,
// with kind "config", before any target (not one `discover` record for account "(unknown)").
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialSession, fanOut, fanOutStream, FleetError } from "../../src/index.js";

let saved: NodeJS.ProcessEnv = {};
beforeEach(() => {
  saved = { ...process.env };
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function rejection(run: () => Promise<unknown>): Promise<FleetError> {
  const error = await run().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FleetError);
  return error as FleetError;
}

describe("configuration errors of a run", () => {
  it("no credentials anywhere: fanOut rejects with ERR_NO_CREDENTIALS, kind config; the task never runs", async () => {
    const session = new CredentialSession({ region: "us-east-1" });
    let calls = 0;
    let progress = 0;
    const error = await rejection(() => fanOut({ session, regions: ["us-east-1", "eu-west-1"], onProgress: () => progress++ }, () => calls++));
    expect({ code: error.code, kind: error.kind, retryable: error.retryable }).toEqual({ code: "ERR_NO_CREDENTIALS", kind: "config", retryable: false });
    expect([calls, progress]).toEqual([0, 0]);
    await session.close();
  });

  it("an unknown profile: rejects once with kind config, naming the profile; fanOutStream too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessionfleet-preflight-"));
    writeFileSync(join(dir, "config"), "[profile ops]\nregion = us-east-1\n");
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    const session = new CredentialSession({ profile: "nope", region: "us-east-1" });
    const error = await rejection(() => fanOut({ session, accounts: ["111111111111"], roles: "Audit", regions: ["us-east-1"] }, () => 1));
    expect({ code: error.code, kind: error.kind }).toEqual({ code: "ERR_NO_CREDENTIALS", kind: "config" });
    expect(error.message).toContain("nope");
    const streamed = await rejection(async () => {
      for await (const record of fanOutStream({ session, regions: ["us-east-1"] }, () => 1)) void record;
    });
    expect(streamed.kind).toBe("config");
    await session.close();
  });
});
