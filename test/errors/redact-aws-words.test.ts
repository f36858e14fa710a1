// Issue 20 B7: the failure summary keeps AWS's own words. A service error the SDK parsed whole
// (its message is the body's <Message>) keeps operation names and ARNs; a secret-looking value
// the body carries is still redacted, and so is every value a parser quotes from a body it could
// not parse (test/secrets/detach-raw.test.ts).
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { FleetError } from "../../src/index.js";

const SECRET = "FAKEissuedSECRET0123/notREAL+abcdefgh";
const KEY_ID = "ASIAFAKEISSUED000001";

class Ec2ServiceException extends Error {}

/** An EC2-style error the SDK parsed, holding the raw body as the non-AWS check leaves it. */
function parsedEc2Error(message: string): Error {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InvalidAction</Code><Message>${message}</Message></Error></Errors><RequestID>11111111-2222-3333-4444-555555555555</RequestID></Response>`;
  const error = new Ec2ServiceException(message);
  error.name = "InvalidAction";
  Object.assign(error, { $fault: "client", $metadata: { httpStatusCode: 400 } });
  Object.defineProperty(error, "$response", { value: { statusCode: 400, headers: {}, body: new TextEncoder().encode(body) }, enumerable: false });
  return error;
}

describe("redaction keeps the service's words (issue 20 B7)", () => {
  it("an operation name in a parsed error's message stays; a key id and a secret in it do not", () => {
    const fleet = new FleetError("ERR_TASK", "task failed", { cause: parsedEc2Error(`The action "DescribeVpcs" is not valid for key ${KEY_ID} with secret ${SECRET}`) });
    const cause = fleet.cause as Error;
    expect(cause.message).toBe('The action "DescribeVpcs" is not valid for key [redacted] with secret [redacted]');
    expect(cause.name).toBe("InvalidAction");
  });

  it("an ARN and an account id in a parsed error's message stay", () => {
    const text = "User: arn:aws:iam::100000000001:user/sandbox-admin is not authorized to perform: ec2:DescribeVpcs";
    const fleet = new FleetError("ERR_TASK", "task failed", { cause: parsedEc2Error(text) });
    expect((fleet.cause as Error).message).toBe(text);
  });

  it("call ec2 DescribeVpcs against the sandbox: the summary says which action, as the record does", async () => {
    let stderr = "";
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) }, env: {} };
    const code = await main(["call", "ec2", "DescribeVpcs", "--sandbox", "--accounts", "200000000001", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1"], io);
    expect(code).toBe(1);
    expect(stderr).toContain('    AWS said: The sandbox does not implement the action "DescribeVpcs".');
    expect(stderr).not.toContain("[redacted]");
  });
});
