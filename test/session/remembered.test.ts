// remembered (src/clients/remembered.ts): the promise-per-key memo behind a session's signers, the
// cores' signer classes and the signing keys. A kept promise is made once for every caller; a
// rejected one is dropped, so a signer or key that failed to be made is made again next time.
import { describe, expect, it } from "vitest";
import { remembered } from "../../src/clients/remembered.js";

describe("remembered", () => {
  it("makes a key's promise once, for concurrent and later callers alike", async () => {
    const map = new Map<string, Promise<number>>();
    let made = 0;
    const make = async () => ++made;
    const [a, b] = [remembered(map, "k", make), remembered(map, "k", make)];
    expect(a).toBe(b);
    expect(await remembered(map, "k", make)).toBe(1);
    expect(made).toBe(1);
  });

  it("drops a promise that rejects: the next call makes a new one", async () => {
    const map = new Map<string, Promise<string>>();
    let calls = 0;
    const make = async () => {
      calls++;
      if (calls === 1) throw new Error("first try fails");
      return "second";
    };
    await expect(remembered(map, "k", make)).rejects.toThrow("first try fails");
    expect(map.has("k")).toBe(false);
    expect(await remembered(map, "k", make)).toBe("second");
    expect(calls).toBe(2);
    expect(map.has("k")).toBe(true);
  });
});
