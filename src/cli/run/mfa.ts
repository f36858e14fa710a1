// MFA for a CLI run: `--mfa-serial` with the code from --mfa-code, SESSIONFLEET_MFA_CODE, or asked
// once on the terminal, then used for every AssumeRole of the run. A --profile whose own role
// needs MFA (`mfa_serial` in the profile) gets its code from SESSIONFLEET_MFA_CODE or the terminal
// as well (profileMfaCode), as the AWS CLI asks for it. The code is asked for (or
// demanded) only when an AssumeRole needs it: a run whose roles are all in the credential cache
// needs none, in cron and CI too. Without a code and without a terminal to ask on, the first
// AssumeRole that needs one stops the run (exit 2) before its request is sent.
import { createInterface } from "node:readline/promises";
import { invalidInput, type FleetError } from "../../errors.js";
import type { TargetArgs } from "../args/command-types.js";
import { parseMfaCode } from "../args/values.js";
import type { CliIo } from "../io.js";
import { MFA_CODE_UNAVAILABLE } from "../output/config-error.js";

/** Asks for the code on a terminal. */
export type AskCode = (prompt: string) => Promise<string>;

/** The MFA options of a run, and what stops it when a code is needed but cannot be had. */
export interface RunMfa {
  options: { serialNumber?: string; tokenCode?: () => Promise<string> };
  /** Aborted when an AssumeRole needed a code the run cannot get. */
  readonly stop: AbortSignal;
  /** The error to end the run with (exit 2), once `stop` is aborted. */
  readonly missing: FleetError | undefined;
}

/** `serialNumber` and `tokenCode` fan-out options for the run, or nothing without --mfa-serial. */
export function mfaOptions(targets: TargetArgs, io: CliIo, ask: AskCode | undefined): RunMfa {
  const stop = new AbortController();
  let missing: FleetError | undefined;
  const serialNumber = targets.mfaSerial;
  if (serialNumber === undefined) return { options: {}, stop: stop.signal, missing };
  const env = io.env.SESSIONFLEET_MFA_CODE;
  const given = targets.mfaCode ?? (env !== undefined && env !== "" ? parseMfaCode(env, "SESSIONFLEET_MFA_CODE") : undefined);
  let code: Promise<string> | undefined;
  const demand = (): Promise<string> => {
    missing = invalidInput("--mfa-serial", serialNumber, "a code too: an AssumeRole needs one (it is not in the credential cache); give --mfa-code, set SESSIONFLEET_MFA_CODE, or run on a terminal to be asked");
    stop.abort(missing);
    return Promise.reject(missing);
  };
  // Asked once for the whole run, whichever AssumeRole needs it first.
  const tokenCode = (): Promise<string> => (code ??= given !== undefined ? Promise.resolve(given)
    : ask === undefined ? demand()
      : ask(`MFA code for ${serialNumber}: `).then((c) => parseMfaCode(c, "the MFA code")));
  return { options: { serialNumber, tokenCode }, stop: stop.signal, get missing() {
    return missing;
  } };
}

/**
 * The code of a profile's MFA device, asked by the SDK when it assumes the profile's role
 * (`role_arn` with `mfa_serial`): SESSIONFLEET_MFA_CODE, else asked on the terminal, else a
 * failure that says how to give it.
 */
export function profileMfaCode(io: CliIo, ask: AskCode | undefined): (mfaSerial: string) => Promise<string> {
  return async (mfaSerial) => {
    const env = io.env.SESSIONFLEET_MFA_CODE;
    if (env !== undefined && env !== "") return parseMfaCode(env, "SESSIONFLEET_MFA_CODE");
    if (ask === undefined) {
      // Named for the configuration paragraph (output/config-error.ts), which quotes it.
      throw Object.assign(new Error(`the profile's role needs a code of MFA device ${mfaSerial} (its mfa_serial): set SESSIONFLEET_MFA_CODE, or run on a terminal to be asked`), { name: MFA_CODE_UNAVAILABLE });
    }
    return parseMfaCode(await ask(`MFA code for ${mfaSerial}: `), "the MFA code");
  };
}

/** Hooks for a command without a progress bar to hold. */
export const NO_HOOKS = { before(): void {}, after(): void {} };

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
