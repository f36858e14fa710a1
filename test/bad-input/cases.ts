// The kinds of bad value every option is tried with, and the checks every rejection must pass.
import { expect } from "vitest";
import { FleetError } from "../../src/index.js";

/** One bad value for one option. `option` is the name the error must carry (e.g. "policyArns[0]"). */
export interface BadCase {
  option: string;
  /** What `error.option` must be, when it is more than the option's own name (e.g. /^tags/). */
  expect?: string | RegExp;
  kind: "wrong type" | "empty" | "overlong" | "unicode" | "newline" | "path-like" | "unknown" | "conflict" | "out of range" | "whitespace";
  value: unknown;
  /** Build the full input from the value (default `{ [option]: value }`). */
  input?: Record<string, unknown>;
}

/** Short label for a test title: the value, one line, at most 40 characters. */
export function label(c: BadCase): string {
  let text: string;
  try {
    text = typeof c.value === "function" ? "a function" : (JSON.stringify(c.value) ?? String(c.value));
  } catch {
    text = String(c.value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The standard bad values of a string option. */
export function stringCases(option: string, opts: { overlong: number; unicode?: string; pathLike?: string; empty?: boolean } & Partial<Record<"newline", string>>): BadCase[] {
  const out: BadCase[] = [
    { option, kind: "wrong type", value: 42 },
    { option, kind: "wrong type", value: ["x"] },
    { option, kind: "overlong", value: "a".repeat(opts.overlong) },
    { option, kind: "unicode", value: opts.unicode ?? "Aüdit\u200b" },
    { option, kind: "newline", value: opts.newline ?? "ok-value\nX-Injected: 1" },
    { option, kind: "path-like", value: opts.pathLike ?? "../../etc/passwd" },
  ];
  if (opts.empty !== false) out.push({ option, kind: "empty", value: "" });
  return out;
}

/** `error` is ERR_INVALID_INPUT naming `option`, in `option` and in the message, on one line. */
export function expectInvalid(error: unknown, option: string | RegExp): void {
  expect(error).toBeInstanceOf(FleetError);
  const e = error as FleetError;
  expect(e.code).toBe("ERR_INVALID_INPUT");
  if (typeof option === "string") expect(e.option).toBe(option);
  else expect(e.option).toMatch(option);
  expect(e.message).toContain(e.option);
  // A quoted bad value never breaks the message into lines nor carries control characters.
  expect([...e.message].filter((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)).toEqual([]);
  expect(e.message.length).toBeLessThan(600);
}

/** What a synchronous call threw (or a marker error when it did not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return new Error("did not throw");
}
