// Issue 12 D.19, unit: an SDK error that kept an unparsed body ($responseBodyText is read-only and
// non-configurable, $response.body holds the text) is replaced, wherever it sits in a cause chain,
// by a copy that keeps name, $metadata and prototype but no body and no quoted secret.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { FleetError } from "../../src/index.js";

const SECRET = "FAKEissuedSECRETnotREAL/0123456789abcdefg";
const KEY_ID = "ASIAFAKEISSUED000001";
const BODY = `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>${KEY_ID}</AccessKeyId><SecretAccessKey>${SECRET}</SecretAccessKey><SessionToken>FAKEtok`;

class FakeServiceException extends Error {}

function sdkParseError(): Error {
  const error = new FakeServiceException(`XML parse error near ${SECRET.slice(0, 20)}: missing closing tag </SessionToken>`);
  error.name = "Error";
  Object.defineProperty(error, "$responseBodyText", { value: BODY });
  Object.defineProperty(error, "$response", { value: { statusCode: 200, headers: {}, body: BODY }, enumerable: false, writable: false, configurable: false });
  Object.assign(error, { $metadata: { httpStatusCode: 200, attempts: 1 } });
  return error;
}

describe("detaching what the server sent", () => {
  it("a nested cause with $responseBodyText: nothing of the body under showHidden, the rest kept", () => {
    const outer = new Error("task failed", { cause: sdkParseError() });
    const fleet = new FleetError("ERR_TASK", "wrapped", { cause: new FleetError("ERR_ASSUME_ROLE", "inner", { cause: outer }) });
    const text = inspect(fleet, { showHidden: true, depth: null, getters: true }) + JSON.stringify(fleet);
    expect([text.includes(KEY_ID), text.includes(SECRET), text.includes(SECRET.slice(0, 20))]).toEqual([false, false, false]);
    const inner = (fleet.cause as FleetError).cause;
    expect(inner).toBe(outer); // an error without a raw body keeps its identity
    const copy = outer.cause as Error & { $metadata?: unknown };
    expect(copy).toBeInstanceOf(FakeServiceException);
    expect(copy.$metadata).toEqual({ httpStatusCode: 200, attempts: 1 });
    expect(copy.message).toBe("XML parse error near [redacted]: missing closing tag </SessionToken>");
    expect(Object.getOwnPropertyNames(copy)).not.toContain("$responseBodyText");
  });
});
