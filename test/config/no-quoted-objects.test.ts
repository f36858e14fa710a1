// Issue 12 item 20: an object given where something else was expected is never quoted in an
// error (a plain { accessKeyId, secretAccessKey } passed as the session used to print the whole
// key id and 20 characters of the secret). Errors name the type or the keys instead. Every option
// that takes or rejects an object is tried with a secret-carrying one.
import { inspect } from "node:util";
import { RDSClient } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, fanOut, fanOutStream, FleetError } from "../../src/index.js";

const KEY = "AKIAFAKEQUOTEDKEY0001";
const SECRET = "FAKE9x7Qz2Lm4Np8Rt6Vw3Yb5Kd1Hg0Jf2Ss8Uu";
const TOKEN = "FAKEq8W2e4R6t8Y0u2I4o6P8a0S2d4F6g8H0j2K4l6Z8";
const keys = { accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: TOKEN };
const task = async () => 1;

/** Any 6-character piece of a secret, the key id's middle (a masked AKIA…0001 is allowed). */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const secret of [SECRET, TOKEN]) for (let i = 0; i + 6 <= secret.length; i++) if (text.includes(secret.slice(i, i + 6))) found.push(secret.slice(i, i + 6));
  if (text.includes(KEY) || text.includes(KEY.slice(4, -4))) found.push(KEY);
  return found;
}

async function failure(run: () => unknown): Promise<FleetError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(FleetError);
    return error as FleetError;
  }
  throw new Error("did not throw");
}

const base = () => new CredentialSession({ accessKeyId: "AKIAFAKEBASEKEY00001", secretAccessKey: "fake", region: "us-east-1", pool: {} });

const CASES: Array<[string, () => unknown]> = [
  ["fanOut session", () => fanOut({ session: keys } as never, task)],
  ["fanOut session (a \"key:secret\" string)", () => fanOut({ session: `${KEY}:${SECRET}` } as never, task)],
  ["fanOutStream session", () => fanOutStream({ session: keys } as never, task)],
  ["fanOut options", () => fanOut(keys as never, task)],
  ["fanOut accounts", () => fanOut({ session: base(), accounts: keys, roles: "Audit" } as never, task)],
  ["fanOut accounts[0]", () => fanOut({ session: base(), accounts: [keys], roles: "Audit" } as never, task)],
  ["fanOut roles", () => fanOut({ session: base(), accounts: ["111111111111"], roles: keys } as never, task)],
  ["fanOut regions", () => fanOut({ session: base(), regions: keys } as never, task)],
  ["fanOut regions[0]", () => fanOut({ session: base(), regions: [keys] } as never, task)],
  ["fanOut concurrency", () => fanOut({ session: base(), concurrency: keys } as never, task)],
  ["fanOut signal", () => fanOut({ session: base(), signal: keys } as never, task)],
  ["fanOut shard", () => fanOut({ session: base(), shard: { index: keys, count: 2 } } as never, task)],
  ["fanOut sessionName", () => fanOut({ session: base(), sessionName: keys } as never, task)],
  ["fanOut task", () => fanOut({ session: base() }, keys as never)],
  ["session options", () => new CredentialSession(keys.accessKeyId as never)],
  ["session region", () => new CredentialSession({ region: keys } as never)],
  ["session profile", () => new CredentialSession({ profile: keys } as never)],
  ["session pool", () => new CredentialSession({ pool: { maxSocketsPerHost: keys } } as never)],
  ["session credentials.accessKeyId", () => new CredentialSession({ credentials: { accessKeyId: keys, secretAccessKey: SECRET } } as never)],
  ["session clientConfig", () => new CredentialSession({ clientConfig: [keys] } as never)],
  ["ConnectionPool", () => new ConnectionPool({ requestTimeoutMs: keys } as never)],
  ["assumeRole", () => base().assumeRole(keys as never)],
  ["assumeRole roleArn", () => base().assumeRole({ roleArn: keys } as never)],
  ["assumeRole tags", () => base().assumeRole({ roleArn: "arn:aws:iam::111111111111:role/Audit", tags: { team: keys } } as never)],
  ["withRegion", () => base().withRegion(keys as never)],
  ["client overrides.credentials", () => base().client(RDSClient, { credentials: keys } as never)],
  ["client overrides.region", () => base().client(RDSClient, { region: keys } as never)],
];

describe("no object is quoted in an error (issue 12 item 20)", () => {
  it.each(CASES)("%s: ERR_INVALID_INPUT with no piece of a key in message, JSON or inspect", async (_name, run) => {
    const error = await failure(run);
    expect(error.code).toBe("ERR_INVALID_INPUT");
    const shown = [error.message, JSON.stringify(error), inspect(error, { depth: null, showHidden: true })].join("\n");
    expect(leaks(shown)).toEqual([]);
  });

  it("the session error names what was given: a plain object and its keys", async () => {
    const error = await failure(() => fanOut({ session: keys } as never, task));
    expect(error.option).toBe("session");
    expect(error.message).toContain("accessKeyId");
    expect(error.message).toMatch(/object/);
    expect(error.message).toContain("CredentialSession");
  });

  it("values that are not objects are still quoted (a region typo stays readable)", async () => {
    const error = await failure(() => new CredentialSession({ region: "us-moon-9" }));
    expect(error.message).toContain("\"us-moon-9\"");
    const list = await failure(() => fanOut({ session: base(), regions: ["us-east-1", 7] } as never, task));
    expect(list.message).toContain("regions[1]");
    expect(list.message).toContain("7");
  });
});
