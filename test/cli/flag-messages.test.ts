// Usage errors speak in flags, as typed, with no doubled punctuation; "did you mean" is kept.
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

async function stderrOf(argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, env: {} };
  const code = await main(argv, io);
  return { code, err: err.split("\n")[0]! };
}

describe("usage errors in the user's words", () => {
  it.each([
    [["option-groups", "--sandbox", "--accounts", "org"], "sessionfleet: ERR_INVALID_INPUT: --role is required with --accounts: the role to assume in each account, e.g. --role OrganizationAccountAccessRole"],
    [["whoami", "--sandbox", "--ou", "ou-ab12-cd34ef56"], "sessionfleet: ERR_INVALID_INPUT: --role is required with --ou: the role to assume in each account, e.g. --role OrganizationAccountAccessRole"],
    [["whoami", "--sandbox", "--duration", "5m"], "sessionfleet: ERR_INVALID_INPUT: --duration 5m: must be from 15m (900 seconds) to 12h (43200 seconds); give seconds or a unit such as 15m, 1h, 12h"],
    [["whoami", "--sandbox", "--concurrency", "-1"], "sessionfleet: ERR_INVALID_INPUT: --concurrency -1: must be a positive integer (at most 10000)"],
    [["whoami", "--sandbox", "--regions", "us-moon-1"], expect.stringMatching(/^sessionfleet: ERR_INVALID_INPUT: --regions us-moon-1: expected an AWS region name such as "us-east-1", from the partition table of @aws-sdk\/core \d+\.\d+\.\d+ \(update the AWS SDK for a region newer than that\)$/)],
    [["whomai"], "sessionfleet: ERR_INVALID_INPUT: \"whomai\" is not a command; did you mean \"whoami\"? (commands: option-groups, whoami, exec, regions, accounts, call, merge, sandbox, cache)"],
    [["whoami", "--role"], "sessionfleet: ERR_INVALID_INPUT: --role needs a value (a word not starting with \"-\", or --role=value); see sessionfleet whoami --help"],
  ])("%j", async (argv, line) => {
    const { code, err } = await stderrOf(argv);
    expect(code).toBe(2);
    expect(err).toEqual(line);
    expect(err).not.toMatch(/[?.!:;][.;:]|Invalid /);
  });
});
