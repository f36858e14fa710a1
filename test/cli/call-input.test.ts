// `call`'s checks before any request (issue 22.10): an unknown operation's examples are operation
// names, and --input member names are checked against the input shape the SDK client ships.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { settledRequests } from "../e2e/settled.js";

function fakeIo(): CliIo & { err: () => string } {
  let err = "";
  return { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, env: {}, err: () => err };
}

let sb: Sandbox;
let at: string[];
beforeAll(async () => {
  sb = await startSandbox();
  process.env.AWS_ACCESS_KEY_ID = sb.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sb.credentials.secretAccessKey;
  at = ["--endpoint-url", sb.endpoint, "--region", "us-east-1"];
});
afterAll(async () => {
  await sb?.close();
});

describe("call checks before sending", () => {
  it("an unknown operation lists operations, never the SDK's '$' ($Command)", async () => {
    sb.resetStats();
    const io = fakeIo();
    expect(await main(["call", "rds", "Zzzzzzzzzzzzzzzz", ...at], io)).toBe(2);
    expect(io.err()).toContain("expected an operation of @aws-sdk/client-rds such as AddRoleToDBCluster, ");
    expect(io.err()).not.toMatch(/\$/);
    expect(await settledRequests(sb)).toBe(0);
  });

  it("--input with a member the operation's input shape lacks is refused (exit 2), naming the members", async () => {
    sb.resetStats();
    const io = fakeIo();
    expect(await main(["call", "rds", "DescribeOptionGroups", "--input", '{"NoSuchField":1}', ...at], io)).toBe(2);
    expect(io.err()).toContain("--input: NoSuchField is not a member of DescribeOptionGroups's input (members: OptionGroupName, Filters, Marker, MaxRecords, EngineName, MajorEngineVersion)");
    expect(await settledRequests(sb)).toBe(0);
  });

  it("a close miss is suggested, and members of nested shapes (lists of structures) are checked too", async () => {
    const io = fakeIo();
    expect(await main(["call", "rds", "DescribeOptionGroups", "--input", '{"EngineNme":"mysql"}', ...at], io)).toBe(2);
    expect(io.err()).toContain('EngineNme is not a member of DescribeOptionGroups\'s input; did you mean "EngineName"?');
    const nested = fakeIo();
    expect(await main(["call", "rds", "DescribeOptionGroups", "--input", '{"Filters":[{"Name":"engine","Vals":["x"]}]}', ...at], nested)).toBe(2);
    expect(nested.err()).toContain("Filters[0].Vals is not a member of Filter");
  });

  it("an operation without input members refuses any; valid input still runs", async () => {
    const none = fakeIo();
    expect(await main(["call", "sts", "GetCallerIdentity", "--input", '{"Foo":1}', ...at], none)).toBe(2);
    expect(none.err()).toContain("Foo is not a member of GetCallerIdentity's input (it has none)");
    const ok = fakeIo();
    expect(await main(["call", "rds", "DescribeOptionGroups", "--input", '{"EngineName":"mysql","Filters":[{"Name":"a","Values":["b"]}]}', "--format", "json", ...at], ok)).toBe(0);
  });
});
