import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";
import { FleetError } from "../../src/errors.js";
import { demoOrganization, hashedOptionGroups, startSandbox, type SandboxOptions } from "../../src/sandbox/index.js";

async function refused(options: SandboxOptions): Promise<FleetError> {
  try {
    const sb = await startSandbox(options);
    await sb.close();
  } catch (error) {
    expect(error).toBeInstanceOf(FleetError);
    return error as FleetError;
  }
  throw new Error("expected startSandbox to refuse the options");
}

describe("sandbox options are validated at start", () => {
  it.each<[string, SandboxOptions, string]>([
    ["an unknown enabled region", { regions: { enabled: ["us-east-1", "us-moon-1"] } }, "regions.enabled[1]"],
    ["an unknown opt-in region", { regions: { enabled: ["us-east-1"], optIn: ["mars-1"] } }, "regions.optIn[0]"],
    ["regions of two partitions", { regions: { enabled: ["us-east-1", "cn-north-1"] } }, "regions[1]"],
    ["a malformed member id", { accounts: [{ id: "12345" }] }, "accounts[0].id"],
    ["a malformed management id", { managementAccountId: "abc" }, "managementAccountId"],
    ["a duplicate account", { accounts: [{ id: "300000000001" }, { id: "300000000001" }] }, "accounts[1].id"],
    ["an unknown parent", { accounts: [{ id: "300000000001", parentId: "ou-nope-00000000" }] }, "accounts[0].parentId"],
    ["a malformed OU id", { accounts: [], ous: [{ id: "ou-x", name: "X" }] }, "ous[0].id"],
    ["an enabled region that is not opt-in", { accounts: [{ id: "300000000001", enabledRegions: ["us-east-1"] }] }, "accounts[0].enabledRegions[0]"],
    ["a role in an unknown account", { roles: [{ accountId: "999999999999", roleName: "R" }] }, "roles[0].accountId"],
    ["a bad role name", { roles: [{ accountId: "200000000001", roleName: "bad name" }] }, "roles[0].roleName"],
    ["an MFA serial without a code", { roles: [{ accountId: "200000000001", roleName: "R", mfaSerial: "arn:aws:iam::100000000001:mfa/x" }] }, "roles[0].mfaCode"],
    ["option groups for an unknown region", { optionGroups: { "200000000001": { "us-moon-1": 1 } } }, "optionGroups.200000000001.us-moon-1"],
    ["a negative option group count", { optionGroups: { "200000000001": { "us-east-1": -1 } } }, "optionGroups.200000000001.us-east-1"],
    ["a rate above 1", { faults: { throttleRate: 1.5 } }, "faults.throttleRate"],
    ["rates adding up above 1", { faults: { throttleRate: 0.6, serverErrorRate: 0.6 } }, "faults"],
    ["an unknown fault service", { faults: { services: ["s3"] } }, "faults.services"],
    ["negative latency", { latencyMs: -1 }, "latencyMs"],
    ["latency for an unknown region", { latencyMs: { byRegion: { "us-moon-1": 5 } } }, "latencyMs.byRegion.us-moon-1"],
    ["a bad port", { port: 70_000 }, "port"],
    ["a bad credentialSeconds", { credentialSeconds: 0 }, "credentialSeconds"],
    ["an unknown option", { acounts: [] } as SandboxOptions, "sandbox options.acounts"],
  ])("refuses %s", async (_what, options, option) => {
    const error = await refused(options);
    expect(error.code).toBe("ERR_INVALID_INPUT");
    expect(error.option).toBe(option);
  });

  it("refuses a port in use with a clear error", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await refused({ port });
      expect(error.message).toContain("EADDRINUSE");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("serves the demo organisation by default and reports what it serves", async () => {
    const sb = await startSandbox();
    try {
      expect(sb.managementAccountId).toBe("100000000001");
      expect(sb.organization).toMatchObject({ rootId: "r-sf01", organizationId: "o-sf00000001" });
      expect(sb.organization.accounts).toEqual(demoOrganization().accounts);
      expect(sb.credentials.accessKeyId).toContain("FAKE");
      expect(JSON.stringify(sb.stats())).not.toContain(sb.credentials.secretAccessKey);
    } finally {
      await sb.close();
    }
  });

  it("custom accounts without a table get 0-4 option groups from a stable hash", () => {
    expect(hashedOptionGroups("300000000001", "us-east-1")).toBe(hashedOptionGroups("300000000001", "us-east-1"));
    const counts = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"].map((r) => hashedOptionGroups("300000000001", r));
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(0);
    for (const n of counts) expect(n).toBeLessThanOrEqual(4);
  });
});

describe("packaging", () => {
  it("the main entry point does not import the sandbox, and the sandbox imports no SDK client", () => {
    expect(readFileSync("src/index.ts", "utf8")).not.toMatch(/sandbox/);
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    for (const file of files("src/sandbox")) expect(readFileSync(file, "utf8"), file).not.toMatch(/^import [^\n]*from "@aws-sdk\//m);
  });
});
