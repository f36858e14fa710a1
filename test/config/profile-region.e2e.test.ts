// Issue 12 A.1: one region chain everywhere (explicit > AWS_REGION > AWS_DEFAULT_REGION > the
// profile's `region`), resolved before the first call, for the library's fanOut, clients and
// assumeRole children. The region lives only in `[profile ops]` of a temp config file.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, fanOut, fanOutStream } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import type { TaskContext } from "../../src/fanout/types.js";
import { profileFiles, sandboxKeys, type ProfileFiles } from "./profile-files.js";

let sb: Sandbox;
let pool: ConnectionPool;
let files: ProfileFiles;
const sessions: CredentialSession[] = [];

beforeEach(async () => {
  sb = await startSandbox({ faults: null });
  pool = new ConnectionPool();
  files = profileFiles("[profile ops]\nregion = eu-west-1\n\n[default]\nregion = ap-northeast-1\n", sandboxKeys("ops") + sandboxKeys("default"));
  files.use();
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  pool.destroy();
  await sb.close();
  files.restore();
  for (const key of ["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"]) delete process.env[key];
});

const session = (options: Record<string, unknown>) => {
  const s = new CredentialSession({ clientConfig: { endpoint: sb.endpoint }, pool, ...options });
  sessions.push(s);
  return s;
};
const whoami = async ({ session: s, signal }: TaskContext) => (await s.client(STSClient).send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Arn;

describe("the profile's region (issue 12 A.1)", () => {
  it("fanOut with regions omitted runs in the region of [profile ops]", async () => {
    const report = await fanOut({ session: session({ profile: "ops" }) }, whoami);
    expect(report.results.map((r) => [r.region, r.ok])).toEqual([["eu-west-1", true]]);
    // identity() for the account id, then the task: both in the profile's region.
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2 });
  });

  it("fanOutStream with regions omitted runs in the region of [profile ops]; bad options still throw at the call", async () => {
    const regions: string[] = [];
    for await (const r of fanOutStream({ session: session({ profile: "ops" }) }, whoami)) regions.push(`${r.region} ${r.ok}`);
    expect(regions).toEqual(["eu-west-1 true"]);
    expect(() => fanOutStream({ session: session({ profile: "ops" }), concurrency: 0 }, whoami)).toThrow(/concurrency/);
  });

  it("fanOut with AWS_PROFILE=ops and no profile option uses that profile's region", async () => {
    process.env.AWS_PROFILE = "ops";
    const report = await fanOut({ session: session({}) }, whoami);
    expect(report.results.map((r) => [r.region, r.ok])).toEqual([["eu-west-1", true]]);
    // identity() for the account id, then the task: both in the profile's region.
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2 });
  });

  it("an assumeRole fan-out from a profile session calls STS and the task in the profile's region", async () => {
    const report = await fanOut({ session: session({ profile: "ops" }), accounts: ["200000000001"], roles: "OrganizationAccountAccessRole" }, whoami);
    expect(report.results.map((r) => [r.region, r.ok])).toEqual([["eu-west-1", true]]);
    expect(sb.stats().byAction).toEqual({ "sts:AssumeRole": 1, "sts:GetCallerIdentity": 1 });
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2 });
  });

  it("regions: \"enabled\" discovers from the profile's region", async () => {
    const report = await fanOut({ session: session({ profile: "ops" }), regions: "enabled" }, whoami);
    expect(report.failed).toEqual([]);
    expect(report.results.length).toBeGreaterThan(1);
    expect(Object.keys(sb.stats().byRegion)).toContain("eu-west-1");
  });

  it("AWS_REGION beats the profile, AWS_DEFAULT_REGION comes after AWS_REGION, the explicit option beats both", async () => {
    process.env.AWS_DEFAULT_REGION = "us-west-2";
    expect(await session({ profile: "ops" }).resolveRegion()).toBe("us-west-2");
    process.env.AWS_REGION = "us-east-2";
    expect(await session({ profile: "ops" }).resolveRegion()).toBe("us-east-2");
    expect(await session({ profile: "ops", region: "ca-central-1" }).resolveRegion()).toBe("ca-central-1");
    const report = await fanOut({ session: session({ profile: "ops" }) }, whoami);
    expect(report.results.map((r) => r.region)).toEqual(["us-east-2"]);
  });

  it("a client made without a region, and identity(), go to the profile's region", async () => {
    const s = session({ profile: "ops" });
    await s.client(STSClient).send(new GetCallerIdentityCommand({}));
    await s.identity();
    expect(sb.stats().byRegion).toEqual({ "eu-west-1": 2 });
  });

  it("no region anywhere is still ERR_NO_REGION, before any request", async () => {
    const none = profileFiles("[profile ops]\noutput = json\n", sandboxKeys("ops"));
    none.use();
    try {
      await expect(fanOut({ session: session({ profile: "ops" }) }, whoami)).rejects.toMatchObject({ code: "ERR_NO_REGION" });
      expect(sb.stats().requests).toBe(0);
    } finally {
      none.restore();
      files.use();
    }
  });
});
