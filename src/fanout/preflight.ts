// Configuration problems are the run's, not a target's: with no credentials (or an unknown
// profile) every target would fail the same way, so the run is refused once, before any target
// is planned, instead of recording a `discover` failure for an account nobody could name.
import { FleetError } from "../errors.js";
import type { FanOutPlan } from "./options.js";

/**
 * Resolves the base session's credentials (no request for keys, env or a profile; the role
 * profile's own STS call, which the run would make first anyway, otherwise). A configuration
 * error (`kind` "config", or an expired SSO login) rejects; any other failure is left to the
 * run, which records it per target as before.
 */
export async function preflight(plan: Pick<FanOutPlan, "session" | "signal"> & { accounts?: { kind: FanOutPlan["accounts"]["kind"] } }): Promise<void> {
  const { session, signal } = plan;
  // An SSO run needs the sign-in's token, not the profile's own role credentials (issue 25).
  const load = plan.accounts?.kind === "sso" ? async (): Promise<unknown> => (await import("../credentials/sso-token.js")).ssoTokenOf(session).token() : (): Promise<unknown> => session.getCredentials();
  if (signal?.aborted) return;
  let onAbort = (): void => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([load(), aborted]);
  } catch (error) {
    if (isRunConfigurationError(error)) throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/** No credentials, an unknown profile, no region, an expired SSO login: the run's configuration. */
export function isRunConfigurationError(error: unknown): error is FleetError {
  if (!(error instanceof FleetError)) return false;
  if (error.kind === "config") return true;
  return error.code === "ERR_NO_CREDENTIALS" && error.kind === "expired-credentials";
}
