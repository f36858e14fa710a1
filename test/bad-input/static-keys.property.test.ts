// Property-based checks of the static-key validation (issue 12 A.3: any non-empty key id, secret
// and token without whitespace, control or invisible format characters): whatever is refused is
// ERR_INVALID_INPUT naming the option and never quoting the secret or the whole key id; whatever
// has the right shape is accepted. (test/validate.test.ts covers the other validators.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CredentialSession, FleetError } from "../../src/index.js";
import { thrown } from "./cases.js";

const KEY = "AKIAFAKEFAKEFAKE0001";
const SECRET = "FAKEsecretFAKEsecretFAKEsecretFAKEsecret";
// The oracle is a list of code points, not the implementation's regex: what a paste adds.
const BAD_CODE_POINTS = [
  ...Array.from({ length: 0x21 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i), // C0, space, DEL, C1
  0xa0, 0x1680, 0x2000, 0x2005, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, // Unicode spaces
  0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, // zero-width and format characters
];
const BAD = new Set(BAD_CODE_POINTS);
// Printable ASCII and a sample of visible non-ASCII letters (Latin-1, Greek, CJK, emoji).
const goodChar = fc.oneof(
  fc.integer({ min: 0x21, max: 0x7e }),
  fc.integer({ min: 0xc0, max: 0x24f }),
  fc.integer({ min: 0x391, max: 0x3c9 }),
  fc.integer({ min: 0x4e00, max: 0x4e80 }),
  fc.constant(0x1f511),
).filter((c) => !BAD.has(c)).map((c) => String.fromCodePoint(c));
const good = fc.array(goodChar, { minLength: 1, maxLength: 120 }).map((chars) => chars.join(""));
// A good string with at least one bad code point (or a lone surrogate) inside.
const tainted = fc.tuple(fc.oneof(good, fc.constant("")), fc.oneof(fc.constantFrom(...BAD_CODE_POINTS).map((c) => String.fromCodePoint(c)), fc.constant("\ud800")), fc.oneof(good, fc.constant("")))
  .map(([a, c, b]) => `${a}${c}${b}`);
const session = (options: Record<string, unknown>) => () => new CredentialSession({ region: "us-east-1", pool: {}, ...options });

describe("static keys (property-based)", () => {
  it("a secret key or session token with whitespace, a control or a format character is refused, unquoted", () => {
    fc.assert(fc.property(tainted, fc.constantFrom("secretAccessKey", "sessionToken"), (value, option) => {
      const error = thrown(session({ accessKeyId: KEY, secretAccessKey: SECRET, [option]: value }));
      expect(error).toBeInstanceOf(FleetError);
      expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option });
      const message = (error as Error).message;
      if (value.length >= 3) expect(message).not.toContain(value);
      for (const part of value.split(/[^\x21-\x7e]+/)) if (part.length >= 6) expect(message).not.toContain(part);
      expect(message).not.toContain(KEY);
    }), { numRuns: 300 });
  });

  it("any non-empty key id, secret and token of visible characters is accepted (nothing is contacted)", async () => {
    await fc.assert(fc.asyncProperty(good, good, good, async (accessKeyId, secretAccessKey, sessionToken) => {
      const s = session({ accessKeyId, secretAccessKey, sessionToken })();
      expect(await s.getCredentials()).toEqual({ accessKeyId, secretAccessKey, sessionToken });
      await s.close();
    }), { numRuns: 100 });
  });

  it("emulators' documented keys are accepted: LocalStack test/test, moto testing/testing", async () => {
    for (const [accessKeyId, secretAccessKey] of [["test", "test"], ["testing", "testing"]] as const) {
      const s = session({ accessKeyId, secretAccessKey })();
      expect(await s.getCredentials()).toEqual({ accessKeyId, secretAccessKey });
      await s.close();
    }
  });

  it("an empty or tainted key id is refused without being quoted whole", () => {
    fc.assert(fc.property(fc.oneof(fc.constant(""), tainted), (accessKeyId) => {
      const error = thrown(session({ accessKeyId, secretAccessKey: SECRET }));
      expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", option: "accessKeyId" });
      const message = (error as Error).message;
      if (accessKeyId.length >= 3) expect(message).not.toContain(accessKeyId);
      expect(message).not.toContain(SECRET);
    }), { numRuns: 300 });
  });
});
