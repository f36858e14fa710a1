// A run that cannot start for want of credentials, a profile or a region gets one short
// paragraph: what was looked at (environment variables, profile, config files) and the fixes.
// Exit code 2, no table.
import { homedir } from "node:os";
import { join } from "node:path";
import { FleetError } from "../../errors.js";

/** The name of the error a profile's MFA code provider fails with when it has no way to get a code (run/mfa.ts). */
export const MFA_CODE_UNAVAILABLE = "MfaCodeUnavailable";

/** The configuration error in `error`'s cause chain, if any (kind "config", or an expired SSO login). */
export function configErrorIn(error: unknown): FleetError | undefined {
  for (const current of chain(error)) if (current instanceof FleetError && isConfigurationError(current)) return current;
  return undefined;
}

/** `error` and its causes, as far as six deep. */
function* chain(error: unknown): Generator<Error> {
  for (let current = error, depth = 0; depth < 6 && current instanceof Error; depth++, current = current.cause) yield current;
}

function isConfigurationError(error: FleetError): boolean {
  if (error.code === "ERR_NO_REGION") return true;
  return error.code === "ERR_NO_CREDENTIALS" && (error.kind === "config" || error.kind === "expired-credentials");
}

/** The paragraph for `error`; `profile` is `--profile` as given. */
export function renderConfigError(error: FleetError, profile: string | undefined, env: Record<string, string | undefined>): string {
  const name = profile ?? env.AWS_PROFILE ?? "default";
  const home = env.HOME ?? homedir();
  const config = env.AWS_CONFIG_FILE ?? join(home, ".aws", "config");
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials");
  const shown = (variable: string) => `${variable} ${env[variable] ? `(${variable === "AWS_PROFILE" ? env[variable] : "set"})` : "(unset)"}`;
  const profileFrom = profile !== undefined ? "--profile" : env.AWS_PROFILE ? "AWS_PROFILE" : "the default";
  const lines: string[] = [];
  const failure = loadFailure(error);
  const unknownProfile = /could not (?:be found|resolve credentials using profile)/i.test(messages(error)) && name !== "default";
  if (/^(?:No )?SSO token for /.test(error.message)) {
    // Already says what to run (aws sso login --sso-session NAME): nothing to add.
    lines.push(`sessionfleet: ${error.message}`);
  } else if (error.code === "ERR_NO_REGION" && !unknownProfile) {
    lines.push("sessionfleet: no region to run in.");
    lines.push(`Looked at: --region, ${shown("AWS_REGION")}, ${shown("AWS_DEFAULT_REGION")}, the region of profile "${name}" in ${config}.`);
    lines.push(`Fix: give --region R or list the regions (--regions R,R: STS and discovery use the first), set AWS_REGION, or add "region = R" to the profile; or try it out with --sandbox.`);
  } else if (error.kind === "expired-credentials") {
    lines.push(`sessionfleet: the credentials of profile "${name}" have expired (${firstSentence(error)}).`);
    lines.push(`Fix: run aws sso login --profile ${name} (or refresh the profile's credentials), then run again; or try it out with --sandbox.`);
  } else if (failure !== undefined) {
    // The profile is there and its source ran (a credential_process, most often) but gave nothing
    // usable: "no credentials found, give --profile" would send the user to the wrong place.
    lines.push(`sessionfleet: the credentials of profile "${name}" (from ${profileFrom}) could not be loaded: ${failure}.`);
    lines.push(`Looked at: ${shown("AWS_ACCESS_KEY_ID")}, ${shown("AWS_PROFILE")}, profile "${name}" in ${config} and ${credentials}.`);
    lines.push([...chain(error.cause)].some((cause) => cause.name === MFA_CODE_UNAVAILABLE)
      ? "Fix: run on a terminal to be asked for the code, or set SESSIONFLEET_MFA_CODE to the code the device shows; or try it out with --sandbox."
      : `Fix: see what the profile's credential source says (run its credential_process by hand, or aws sso login --profile ${name} for SSO), or use another profile; or try it out with --sandbox.`);
  } else {
    lines.push(unknownProfile ? `sessionfleet: profile "${name}" (from ${profileFrom}) gives no credentials: it is not in ${config} or ${credentials}, or has no credentials there.` : "sessionfleet: no AWS credentials found.");
    lines.push(`Looked at: ${shown("AWS_ACCESS_KEY_ID")}, ${shown("AWS_PROFILE")}, profile "${name}" in ${config} and ${credentials}${profile === undefined ? ", then SSO, process, container and instance credentials" : ""}.`);
    lines.push(`Fix: give --profile NAME or set AWS_PROFILE to a profile of ${config}; for an SSO profile run aws sso login --profile NAME first; or try it out with --sandbox.`);
  }
  return `${lines.join("\n")}\n`;
}

// What the SDK's providers say when nothing is configured, as opposed to a source that failed.
const NOTHING_CONFIGURED = /could not (?:load|be found|resolve)|unable to find|not found|no credentials|no AWS credentials/i;

/**
 * Why a configured source gave no credentials, in one line: the SDK provider's own words
 * ("Profile x credential_process returned invalid JSON", "stdout maxBuffer length exceeded"), the
 * time limit it ran into (credentials/sources.ts), an MFA code it could not get (run/mfa.ts), or undefined when its words say nothing was
 * configured. A failed command is named by its first line of stderr, never by its command line
 * (which may carry a secret).
 */
function loadFailure(error: FleetError): string | undefined {
  for (const current of chain(error.cause)) {
    if (current.name === "CredentialsLoadTimeout" || current.name === MFA_CODE_UNAVAILABLE) return current.message;
    if (current.name !== "CredentialsProviderError") continue;
    if (NOTHING_CONFIGURED.test(current.message)) return undefined;
    const [first = "", ...rest] = current.message.split("\n");
    const said = /^Command failed:/.test(first) ? `its command failed${rest.find((line) => line.trim()) ? ` (${rest.find((line) => line.trim())!.trim()})` : ""}` : first;
    return said.slice(0, 300).replace(/\.$/, "");
  }
  return undefined;
}

function messages(error: unknown): string {
  return [...chain(error)].map((current) => current.message).join(" | ");
}

function firstSentence(error: Error): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  const text = current instanceof Error ? current.message : error.message;
  return (text.split(/(?<=\.)\s/)[0] ?? text).replace(/\.$/, "");
}
