// Every CLI flag with wrong, empty, overlong, unicode, newline and path-like values: the parser
// (pure, in-process) and main() (parse + connect, against a sandbox that must see no request)
// answer ERR_INVALID_INPUT naming the flag, exit code 2; three real spawns check the binary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FleetError } from "../../src/index.js";
import { parseCommandLine } from "../../src/cli/args/parse.js";
import { main } from "../../src/cli/main.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { cleanEnv, runCli } from "../cli/run-cli.js";
import { thrown } from "./cases.js";
import { requestsSoFar, settledRequests } from "../e2e/settled.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

type Row = [flag: string, argv: string[]];
const og = (...args: string[]): string[] => ["option-groups", ...args];
const target = ["--accounts", "200000000001", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1"];

// Each row: the flag the error must name, and a command line where only that flag is bad.
const ROWS: Row[] = [
  ...[["12345"], [""], ["2".repeat(13)], ["٢٠٠٠٠٠٠٠٠٠٠١"], ["200000000001\n200000000002"], ["../200000000001"], ["200000000001,x"]]
    .map(([v]): Row => ["--accounts", og("--accounts", v!, "--role", "R", "--regions", "us-east-1")]),
  ...[[""], ["a".repeat(65)], ["Aüdit"], ["Audit\nX"], ["../Audit"], ["arn:aws:iam::1:role/x"]].map(([v]): Row => ["--role", og("--accounts", "200000000001", "--role", v!)]),
  ...[[""], [","], ["us-east-1\nus-west-2"], ["us-éast-1"], ["a".repeat(100)], ["../us-east-1"], ["us-east-1,mars-1"]].map(([v]): Row => ["--regions", og(...target.slice(0, 4), "--regions", v!)]),
  ...[["ou-bad"], ["ou-abcd-12345678\nou-efgh-12345678"], ["../ou-abcd-12345678"], ["óu-abcd-12345678"]].map(([v]): Row => ["--ou", og("--ou", v!, "--role", "R")]),
  ["--ou", og("--accounts", "200000000001", "--ou", "ou-abcd-12345678", "--role", "R")],
  ...[[""], ["a".repeat(1225)], ["ëxternal"], ["ext\nid"]].map(([v]): Row => ["--external-id", og(...target, "--external-id", v!)]),
  ...[[""], ["a".repeat(65)], ["sëssion"], ["a\nb"], ["../../etc/passwd"]].map(([v]): Row => ["--session-name", og(...target, "--session-name", v!)]),
  ...[["abc"], ["899"], ["13h"], ["1\n0"], ["-5"], ["١٥m"]].map(([v]): Row => ["--duration", og(...target, `--duration=${v!}`)]),
  ...[["0"], ["-1"], ["1.5"], ["abc"], ["10001"], ["3\n2"], ["٣٢"]].map(([v]): Row => ["--concurrency", og(...target, `--concurrency=${v!}`)]),
  ...[["0"], ["-1"], ["1.5s"], ["soon"], ["1\n0"], ["30 days"]].map(([v]): Row => ["--timeout", og(...target, `--timeout=${v!}`)]),
  ...[["0/4"], ["5/4"], ["1/0"], ["a/b"], ["1-4"], ["1/4\n2/4"], [""]].map(([v]): Row => ["--shard", og(...target, `--shard=${v!}`)]),
  ...[["yaml"], [""], ["JSON"], ["json\n"], ["../table"]].map(([v]): Row => ["--format", og(...target, `--format=${v!}`)]),
  ...[["not-a-url"], ["file:///etc/passwd"], ["/etc/passwd"], [""], ["ftp://127.0.0.1"]].map(([v]): Row => ["--endpoint-url", og(...target, `--endpoint-url=${v!}`)]),
  ...[[""], ["us-éast-1"], ["us-east-1\n"], ["../us-east-1"]].map(([v]): Row => ["--region", og(...target, `--region=${v!}`)]),
  ...[["{bad"], ["[]"], ["42"], ["null"], ["\"x\""]].map(([v]): Row => ["--input", ["call", "sts", "GetCallerIdentity", `--input=${v!}`]]),
  ...[["../client-sts"], ["s\n3"], ["ëc2"]].map(([v]): Row => ["<service>", ["call", v!, "DescribeVpcs"]]),
  ...[["Describe\nVpcs"], ["../Describe"], ["Déscribe"]].map(([v]): Row => ["<Operation>", ["call", "ec2", v!]]),
  ...[["-1"], ["65536"], ["http"], ["8\n0"], ["٨٠"]].map(([v]): Row => ["--port", ["sandbox", `--port=${v!}`]]),
  ["command", ["option-group"]],
  ["command", ["../../bin/sh"]],
  ["--regoins", og("--regoins", "us-east-1")],
  ["arguments of whoami", ["whoami", "extra"]],
];

// Values only checked after parsing (by the session, fanOut or the SDK module loader), still before any request.
// Note: the parser trims list items and numbers, so a trailing "\n" is accepted as whitespace;
// a newline inside a value is refused.
const AFTER_PARSE: Row[] = [
  ["<service>", ["call", "a".repeat(300), "DescribeVpcs"]],
  ...[[""], ["a".repeat(200)], ["prøfile"], ["ops\n[profile evil]"]].map(([v]): Row => ["--profile", og(...target, `--profile=${v!}`)]),
  ["--timeout", og(...target, "--timeout=99999999999")],
];

function fakeIo() {
  let out = "";
  let err = "";
  return {
    io: { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, env: {} },
    out: () => out,
    err: () => err,
  };
}

/** The flag as it appears in an error: "--regions" names "--regions"; nested names end with it. */
function expectNames(error: FleetError, flag: string): void {
  expect(error.code).toBe("ERR_INVALID_INPUT");
  expect(`${error.option ?? ""} ${error.message}`).toContain(flag);
  expect([...error.message].filter((ch) => ch.charCodeAt(0) < 0x20)).toEqual([]);
}

describe("CLI flags: bad values", () => {
  it.each(ROWS.map(([flag, argv]) => [flag, JSON.stringify(argv.at(-1)).slice(0, 40), argv] as const))("parser: %s %s", (flag, _v, argv) => {
    const error = thrown(() => parseCommandLine(argv));
    expect(error).toBeInstanceOf(FleetError);
    expectNames(error as FleetError, flag);
  });

  it.each([...ROWS, ...AFTER_PARSE].map(([flag, argv]) => [flag, JSON.stringify(argv.at(-1)).slice(0, 40), argv] as const))("main(): %s %s → exit 2, nothing sent", async (flag, _v, argv) => {
    const before = requestsSoFar(sb);
    const f = fakeIo();
    const needsEndpoint = argv[0] !== "sandbox" && !argv.some((a) => a.startsWith("--endpoint-url"));
    const code = await main(needsEndpoint ? [...argv, "--endpoint-url", sb.endpoint] : argv, f.io);
    expect({ code, out: f.out() }).toEqual({ code: 2, out: "" });
    expect(f.err()).toContain("ERR_INVALID_INPUT");
    expect(f.err()).toContain(flag);
    expect(await settledRequests(sb)).toBe(before);
  });

  it("the real binary: bad flags exit 2 with one clear line, nothing on stdout, no request", async () => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey });
    const runs = await Promise.all([
      runCli(["option-groups", "--accounts", "200000000001", "--role", "R", "--regions", "us-east-1\nus-west-2", "--endpoint-url", sb.endpoint], env),
      runCli(["whoami", "--accounts", "../200000000001", "--role", "R", "--endpoint-url", sb.endpoint], env),
      runCli(["option-groups", "--sandbox", "--shard", "9/4"], env),
    ]);
    for (const [run, flag] of runs.map((r, i) => [r, ["--regions", "--accounts", "--shard"][i]!] as const)) {
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
      expect(run.stderr).toContain("ERR_INVALID_INPUT");
      expect(run.stderr).toContain(flag);
      expect(run.stderr).not.toContain(sb.credentials.secretAccessKey);
    }
    expect(await settledRequests(sb)).toBe(0);
  });
});
