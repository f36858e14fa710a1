// Property-based checks of the static-key validation (key id [A-Z0-9]{16,128}, secret and token
// printable ASCII): whatever is refused is ERR_INVALID_INPUT naming the option and never quoting
// the secret; whatever has the right shape is accepted. (test/validate.test.ts covers the other validators.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";
import { thrown } from "./cases.js";

const KEY = "AKIAFAKEFAKEFAKE0001";
const SECRET = "FAKEsecretFAKEsecretFAKEsecretFAKEsecret";
const printable = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 200 });
// A string with at least one character outside printable ASCII (space, control, or non-ASCII).
const tainted = fc.tuple(printable, fc.oneof(fc.integer({ min: 0, max: 0x20 }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x2fff })), printable)
  .map(([a, c, b]) => `${a}${String.fromCharCode(c)}${b}`);
const session = (options: Record<string, unknown>) => () => new CredentialSession({ region: "us-east-1", pool: {}, ...options });

describe("static keys (property-based)", () => {
  it("a secret key or session token with any character outside printable ASCII is refused, unquoted", () => {
    fc.assert(fc.property(tainted, fc.constantFrom("secretAccessKey", "sessionToken"), (value, option) => {
      const error = thrown(session({ accessKeyId: KEY, secretAccessKey: SECRET, [option]: value }));
      expect(error).toBeInstanceOf(FleetError);
      expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option });
      expect((error as Error).message).not.toContain(value);
      expect((error as Error).message).not.toContain(KEY);
    }), { numRuns: 300 });
  });

  it("any printable-ASCII secret and token with a well-formed key id is accepted (nothing is contacted)", async () => {
    await fc.assert(fc.asyncProperty(fc.stringMatching(/^[A-Z0-9]{16,128}$/), printable, printable, async (accessKeyId, secretAccessKey, sessionToken) => {
      const s = session({ accessKeyId, secretAccessKey, sessionToken })();
      expect(await s.getCredentials()).toEqual({ accessKeyId, secretAccessKey, sessionToken });
      await s.close();
    }), { numRuns: 100 });
  });

  it("a key id that is not 16-128 of [A-Z0-9] is refused without being quoted whole", () => {
    const badKeyId = fc.oneof(
      fc.stringMatching(/^[A-Z0-9]{1,15}$/),
      fc.stringMatching(/^[A-Z0-9]{129,160}$/),
      fc.tuple(fc.stringMatching(/^[A-Z0-9]{8,40}$/), fc.constantFrom("a", " ", "\n", "/", ".", "é", "-", "\u0000"), fc.stringMatching(/^[A-Z0-9]{8,40}$/)).map(([a, c, b]) => a + c + b),
    );
    fc.assert(fc.property(badKeyId, (accessKeyId) => {
      const error = thrown(session({ accessKeyId, secretAccessKey: SECRET }));
      expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option: "accessKeyId" });
      if (accessKeyId.length >= 16) expect((error as Error).message).not.toContain(accessKeyId);
      expect((error as Error).message).not.toContain(SECRET);
    }), { numRuns: 300 });
  });
});
