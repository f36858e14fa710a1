// main() in-process with fake streams: the list commands and the errors that stop a run early.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor, main, type CliIo } from "../../src/cli/main.js";
import { FleetError } from "../../src/errors.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { settledRequests } from "../e2e/settled.js";

function fakeIo(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    env: {},
    out: () => out,
    err: () => err,
  };
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
  // isolate-env restores AWS_* after this file.
  process.env.AWS_ACCESS_KEY_ID = sb.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sb.credentials.secretAccessKey;
});
afterAll(async () => {
  await sb?.close();
});

describe("main", () => {
  it("regions --all lists every region with its opt-in status", async () => {
    const io = fakeIo();
    expect(await main(["regions", "--all", "--endpoint-url", sb.endpoint, "--region", "us-east-1", "--format", "json"], io)).toBe(0);
    const doc = JSON.parse(io.out()) as { regions: Array<{ region: string; optIn: string }> };
    expect(doc.regions).toHaveLength(10);
    expect(doc.regions).toContainEqual({ region: "af-south-1", optIn: "not-opted-in" });
    expect(doc.regions).toContainEqual({ region: "us-east-1", optIn: "opt-in-not-required" });
  });

  it("accounts --ou lists the ACTIVE accounts under the OU", async () => {
    const io = fakeIo();
    expect(await main(["accounts", "--ou", "ou-sf01-devl0001", "--endpoint-url", sb.endpoint, "--region", "us-east-1", "--format", "csv"], io)).toBe(0);
    expect(io.out()).toBe("accountId,name,email,status\r\n200000000004,dev-web,dev-web@example.com,ACTIVE\r\n200000000005,dev-data,dev-data@example.com,ACTIVE\r\n");
  });

  it("call with a mistyped operation suggests the right one and sends nothing", async () => {
    sb.resetStats();
    const io = fakeIo();
    expect(await main(["call", "sts", "GetCallerIdentty", "--endpoint-url", sb.endpoint, "--region", "us-east-1"], io)).toBe(2);
    expect(io.err()).toContain('<Operation> GetCallerIdentty: expected an operation of @aws-sdk/client-sts; did you mean "GetCallerIdentity"?\n');
    expect(await settledRequests(sb)).toBe(0);
  });

  it("a run without any region is a usage error: one paragraph with what was looked at and the fixes", async () => {
    const io = fakeIo();
    expect(await main(["whoami", "--endpoint-url", sb.endpoint], io)).toBe(2);
    expect(io.err()).toMatch(/^sessionfleet: no region to run in\.\nLooked at: --region, AWS_REGION \(unset\), AWS_DEFAULT_REGION \(unset\), the region of profile "default" in .+\.\nFix: give --region R or list the regions \(--regions R,R: STS and discovery use the first\), set AWS_REGION, or add "region = R" to the profile; or try it out with --sandbox\.\n$/);
  });

  it("help for an unknown topic is a usage error", async () => {
    const io = fakeIo();
    expect(await main(["help", "whomai"], io)).toBe(2);
    expect(io.err()).toContain('did you mean "whoami"?');
  });

  it("maps errors to exit codes", () => {
    expect(exitCodeFor(new FleetError("ERR_INVALID_INPUT", "x"))).toBe(2);
    expect(exitCodeFor(new FleetError("ERR_NO_REGION", "x"))).toBe(2);
    expect(exitCodeFor(new FleetError("ERR_NO_CREDENTIALS", "x"))).toBe(2);
    // A role profile whose STS could not be reached is not a configuration problem.
    expect(exitCodeFor(new FleetError("ERR_NO_CREDENTIALS", "x", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) }))).toBe(1);
    expect(exitCodeFor(new Error("boom"))).toBe(1);
  });
});
