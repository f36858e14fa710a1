import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/cli/args/parse.js";
import type { CliCommand } from "../../src/cli/args/command-types.js";
import { FleetError } from "../../src/errors.js";

const session = { sandbox: false };
const output = { format: "table" as const, quiet: false };
const targets = { allowFailures: false };

const ok: Array<[string, string[], CliCommand]> = [
  ["no arguments is help", [], { command: "help" }],
  ["--help", ["--help"], { command: "help" }],
  ["-h", ["-h"], { command: "help" }],
  ["help <command>", ["help", "whoami"], { command: "help", topic: "whoami" }],
  ["<command> --help", ["option-groups", "--regions", "us-east-1", "--help"], { command: "help", topic: "option-groups" }],
  ["--version", ["--version"], { command: "version" }],
  ["-V", ["-V"], { command: "version" }],
  ["bare option-groups", ["option-groups"], { command: "option-groups", session, output, targets }],
  ["two regions", ["option-groups", "--regions", "us-east-1,us-west-1"],
    { command: "option-groups", session, output, targets: { ...targets, regions: ["us-east-1", "us-west-1"] } }],
  ["repeated --regions and dedupe", ["option-groups", "--regions", "us-east-1", "--regions", "us-west-1,us-east-1"],
    { command: "option-groups", session, output, targets: { ...targets, regions: ["us-east-1", "us-west-1"] } }],
  ["regions enabled", ["whoami", "--regions", "enabled"], { command: "whoami", session, output, targets: { ...targets, regions: "enabled" } }],
  ["regions all", ["whoami", "--regions=all"], { command: "whoami", session, output, targets: { ...targets, regions: "all" } }],
  ["org with role", ["option-groups", "--accounts", "org", "--role", "OrganizationAccountAccessRole", "--regions", "enabled"],
    { command: "option-groups", session, output, targets: { ...targets, accounts: "organization", roles: ["OrganizationAccountAccessRole"], regions: "enabled" } }],
  ["account ids", ["whoami", "--accounts", "111111111111,222222222222"],
    { command: "whoami", session, output, targets: { ...targets, accounts: ["111111111111", "222222222222"] } }],
  ["--ou implies org", ["whoami", "--ou", "ou-ab12-cd34ef56"],
    { command: "whoami", session, output, targets: { ...targets, accounts: "organization", ous: ["ou-ab12-cd34ef56"] } }],
  ["role ARN and name", ["whoami", "--role", "arn:aws:iam::111111111111:role/ops/Audit", "--role", "Reader"],
    { command: "whoami", session, output, targets: { ...targets, roles: ["arn:aws:iam::111111111111:role/ops/Audit", "Reader"] } }],
  ["all limits", ["whoami", "--external-id", "ext-1", "--session-name", "me@x", "--duration", "1h", "--concurrency", "8", "--timeout", "30s", "--shard", "2/4", "--allow-failures"],
    { command: "whoami", session, output, targets: { allowFailures: true, externalId: "ext-1", sessionName: "me@x", durationSeconds: 3600, concurrency: 8, timeoutMs: 30_000, shard: { index: 1, count: 4 } } }],
  ["plain numbers for duration and timeout", ["whoami", "--duration", "900", "--timeout", "1500"],
    { command: "whoami", session, output, targets: { ...targets, durationSeconds: 900, timeoutMs: 1500 } }],
  ["session flags", ["whoami", "--profile", "ops", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:4566", "--sandbox"],
    { command: "whoami", session: { sandbox: true, profile: "ops", region: "eu-west-1", endpointUrl: "http://127.0.0.1:4566" }, output, targets }],
  ["formats and quiet", ["whoami", "-f", "ndjson", "-q"], { command: "whoami", session, output: { format: "ndjson", quiet: true }, targets }],
  ["call", ["call", "ec2", "DescribeVpcs", "--input", "{\"MaxResults\":5}", "--format", "json"],
    { command: "call", service: "ec2", operation: "DescribeVpcs", input: { MaxResults: 5 }, paging: { paginate: true }, session, output: { ...output, format: "json" }, targets }],
  ["call with paging and query", ["call", "rds", "DescribeOptionGroups", "--no-paginate", "--max-items", "7", "--query", "length(OptionGroupsList)", "--format", "matrix", "--all-columns"],
    { command: "call", service: "rds", operation: "DescribeOptionGroups", input: {}, paging: { paginate: false, maxItems: 7 }, query: "length(OptionGroupsList)", session, output: { ...output, format: "matrix", allColumns: true }, targets }],
  ["MFA from flags", ["whoami", "--accounts", "200000000002", "--role", "BreakGlassRole", "--mfa-serial", "arn:aws:iam::100000000001:mfa/sandbox-admin", "--mfa-code", "123456"],
    { command: "whoami", session, output, targets: { ...targets, accounts: ["200000000002"], roles: ["BreakGlassRole"], mfaSerial: "arn:aws:iam::100000000001:mfa/sandbox-admin", mfaCode: "123456" } }],
  ["call with cli spelling", ["call", "STS", "get-caller-identity"],
    { command: "call", service: "sts", operation: "get-caller-identity", input: {}, paging: { paginate: true }, session, output, targets }],
  ["regions --all", ["regions", "--all", "--format", "csv"], { command: "regions", all: true, session, output: { ...output, format: "csv" } }],
  ["accounts --ou", ["accounts", "--ou", "ou-ab12-cd34ef56,r-ab12"], { command: "accounts", ous: ["ou-ab12-cd34ef56", "r-ab12"], session, output }],
  ["sandbox default port", ["sandbox"], { command: "sandbox", port: 0 }],
  ["sandbox --port", ["sandbox", "--port", "4566"], { command: "sandbox", port: 4566 }],
];

describe("parseCommandLine: valid command lines", () => {
  it.each(ok)("%s", (_name, argv, expected) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });
});

// Each bad input names the flag, quotes the value and says what would be valid.
const bad: Array<[string, string[], RegExp]> = [
  ["unknown command with hint", ["optiongroups"], /^"optiongroups" is not a command; did you mean "option-groups"\? \(commands: option-groups, /],
  ["unknown flag with hint", ["whoami", "--region", "us-east-1", "--acounts", "1"], /^--acounts is not an option of whoami; did you mean --accounts\?/],
  ["flag of another command", ["sandbox", "--regions", "us-east-1"], /^--regions is not an option of sandbox \(options: --help, --port/],
  ["bad region", ["option-groups", "--regions", "us-east-1,us-moon-1"], /Invalid --regions: "us-moon-1"; expected an AWS region name/],
  ["bad --region", ["whoami", "--region", "mars"], /Invalid --region: "mars"/],
  ["bad account id", ["whoami", "--accounts", "12345"], /Invalid --accounts: "12345"; expected a 12-digit AWS account id/],
  ["org mixed with ids", ["whoami", "--accounts", "org,111111111111"], /Invalid --accounts: "org"/],
  ["empty accounts", ["whoami", "--accounts", ","], /Invalid --accounts/],
  ["bad role name", ["whoami", "--role", "bad role"], /Invalid --role: "bad role"/],
  ["bad role arn", ["whoami", "--role", "arn:aws:iam::1:role/x"], /Invalid --role: "arn:aws:iam::1:role\/x"/],
  ["bad ou", ["accounts", "--ou", "sales"], /Invalid --ou: "sales"/],
  ["--ou with explicit ids", ["whoami", "--accounts", "111111111111", "--ou", "ou-ab12-cd34ef56"], /Invalid --ou/],
  ["bad shard", ["whoami", "--shard", "5/4"], /Invalid --shard: "5\/4"; expected I\/N/],
  ["zero shard", ["whoami", "--shard", "0/4"], /Invalid --shard/],
  ["bad concurrency", ["whoami", "--concurrency", "0"], /^--concurrency 0: must be a positive integer \(at most 10000\)$/],
  ["non-numeric concurrency", ["whoami", "--concurrency", "many"], /^--concurrency many: must be a positive integer/],
  ["bad timeout", ["whoami", "--timeout", "soon"], /Invalid --timeout: "soon"/],
  ["short duration", ["whoami", "--duration", "60"], /^--duration 60: must be from 15m \(900 seconds\) to 12h \(43200 seconds\)/],
  ["bad session name", ["whoami", "--session-name", "a b"], /Invalid --session-name: "a b"/],
  ["bad external id", ["whoami", "--external-id", "x"], /Invalid --external-id: "x"/],
  ["bad format", ["whoami", "--format", "xml"], /Invalid --format: "xml"; expected one of table, json, csv, ndjson/],
  ["bad endpoint", ["whoami", "--endpoint-url", "localhost:4566"], /Invalid --endpoint-url: "localhost:4566"/],
  ["missing value", ["whoami", "--regions"], /^--regions needs a value/],
  ["value for a switch", ["whoami", "--sandbox=yes"], /^--sandbox is a switch and takes no value/],
  ["stray positional", ["whoami", "extra"], /arguments of whoami: "extra"; expected no arguments/],
  ["call without operation", ["call", "ec2"], /expected the arguments <service> <Operation>/],
  ["call bad service", ["call", "ec2/../x", "DescribeVpcs"], /Invalid <service>: "ec2\/..\/x"/],
  ["call bad operation", ["call", "ec2", "Describe Vpcs"], /Invalid <Operation>: "Describe Vpcs"/],
  ["call bad input", ["call", "ec2", "DescribeVpcs", "--input", "{MaxResults:5}"], /Invalid --input: "\{MaxResults:5\}"; expected a JSON object/],
  ["call array input", ["call", "ec2", "DescribeVpcs", "--input", "[]"], /Invalid --input: "\[\]"/],
  ["bad port", ["sandbox", "--port", "70000"], /Invalid --port: "70000"/],
];

describe("parseCommandLine: bad input is ERR_INVALID_INPUT", () => {
  it.each(bad)("%s", (_name, argv, message) => {
    let caught: unknown;
    try {
      parseCommandLine(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FleetError);
    expect((caught as FleetError).code).toBe("ERR_INVALID_INPUT");
    expect((caught as FleetError).message).toMatch(message);
  });
});
