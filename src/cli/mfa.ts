// MFA for a CLI run: `--mfa-serial` with the code from --mfa-code, SESSIONFLEET_MFA_CODE, or asked
// once on the terminal, then used for every AssumeRole of the run. Without a code and without a
// terminal to ask on, the run stops before any request.
import { createInterface } from "node:readline/promises";
import { invalidInput } from "../errors.js";
import type { TargetArgs } from "./args.js";
import { parseMfaCode } from "./args-values.js";
import type { CliIo } from "./io.js";

/** Asks for the code on a terminal. */
export type AskCode = (prompt: string) => Promise<string>;

/** `serialNumber` and `tokenCode` fan-out options for the run, or nothing without --mfa-serial. */
export function mfaOptions(targets: TargetArgs, io: CliIo, ask: AskCode | undefined): { serialNumber?: string; tokenCode?: () => Promise<string> } {
  const serialNumber = targets.mfaSerial;
  if (serialNumber === undefined) return {};
  const env = io.env.SESSIONFLEET_MFA_CODE;
  const given = targets.mfaCode ?? (env !== undefined && env !== "" ? parseMfaCode(env, "SESSIONFLEET_MFA_CODE") : undefined);
  if (given === undefined && ask === undefined) {
    throw invalidInput("--mfa-serial", serialNumber, "a code too: give --mfa-code, set SESSIONFLEET_MFA_CODE, or run on a terminal to be asked");
  }
  let code: Promise<string> | undefined;
  // Asked once for the whole run, whichever AssumeRole needs it first.
  const tokenCode = (): Promise<string> => (code ??= given !== undefined ? Promise.resolve(given) : ask!(`MFA code for ${serialNumber}: `).then((c) => parseMfaCode(c, "the MFA code")));
  return { serialNumber, tokenCode };
}

/** Asks on the process's terminal (stdin a TTY), with hooks around the question; none without one. */
export function terminalAsk(io: CliIo, hooks: { before(): void; after(): void }): AskCode | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (prompt) => {
    hooks.before();
    const rl = createInterface({ input: process.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
    try {
      return await rl.question(prompt);
    } finally {
      rl.close();
      hooks.after();
    }
  };
}
