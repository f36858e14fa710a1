// With --accounts org, fan-out runs in ACTIVE accounts only. Saying which accounts were left out
// (suspended, closing) keeps a run's table from looking like an account went missing.
import type { CredentialSession, OrganizationAccount } from "../index.js";
import type { FleetApi } from "./api.js";
import type { TargetArgs } from "./args.js";
import type { Palette } from "./color.js";

/** The organisation's accounts that are not ACTIVE, or none when that cannot be known. */
export async function leftOutAccounts(api: FleetApi, session: CredentialSession, targets: TargetArgs): Promise<OrganizationAccount[]> {
  if (targets.accounts !== "organization") return [];
  try {
    const all = await api.listOrganizationAccounts(session, { status: "ALL", ...(targets.ous !== undefined && { ous: targets.ous }) });
    return all.filter((a) => a.status !== "ACTIVE");
  } catch {
    // Only a courtesy note: the fan-out itself reports discovery failures as records.
    return [];
  }
}

/** `Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)`. */
export function renderLeftOut(accounts: readonly OrganizationAccount[], colors: Palette): string {
  if (accounts.length === 0) return "";
  const list = accounts.map((a) => `${a.accountId}${a.name ? ` ${a.name}` : ""} (${a.status})`).join(", ");
  return `${colors.yellow("Left out (not ACTIVE):")} ${list}\n`;
}
