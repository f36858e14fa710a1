import type { AccountInfo, ResolvedOrganization } from "../config.js";

/** One region's status for an account: default-enabled, opt-in enabled, or opt-in not enabled. */
export type RegionState = "default" | "opted-in" | "not-opted-in";

/** Every region the sandbox knows, with its state for the account. */
export function regionStates(org: ResolvedOrganization, account: AccountInfo): Array<{ region: string; state: RegionState }> {
  return [
    ...org.org.regions.enabled.map((region) => ({ region, state: "default" as const })),
    ...org.org.regions.optIn.map((region) => ({ region, state: account.regions.has(region) ? ("opted-in" as const) : ("not-opted-in" as const) })),
  ];
}
