// With --accounts org, fan-out runs in ACTIVE accounts only. Saying which accounts were left out
// (suspended, closing), and why a run has no target at all, keeps a run's output from looking like
// accounts went missing. Both come from the run's own listing (FanOutOptions.onDiscovered): the
// organisation is listed once per run.
import type { OrganizationAccount } from "../index.js";
import type { Palette } from "./color.js";

/** `Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)`. */
export function renderLeftOut(accounts: readonly OrganizationAccount[], colors: Palette): string {
  const left = accounts.filter((a) => a.status !== "ACTIVE");
  if (left.length === 0) return "";
  const list = left.map((a) => `${a.accountId}${a.name ? ` ${a.name}` : ""} (${a.status})`).join(", ");
  return `${colors.yellow("Left out (not ACTIVE):")} ${list}\n`;
}

/** Why a run has no target: what the listing held, or (no listing) what was asked. */
export function noTargetsReason(listed: readonly OrganizationAccount[] | undefined, selfAccountId: string | undefined): string {
  if (listed === undefined) return "No targets: the accounts, roles and regions given select nothing (no region enabled, or no account in this shard).\n";
  if (listed.length === 0) return "No targets: Organizations listed no account.\n";
  const plural = (n: number): string => `${n} account${n === 1 ? "" : "s"}`;
  const active = listed.filter((a) => a.status === "ACTIVE");
  const head = `No targets: Organizations lists ${plural(listed.length)} (${active.length} ACTIVE)`;
  if (active.length === 0) return `${head}; only ACTIVE accounts are targets.\n`;
  if (active.length === 1 && active[0]?.accountId === selfAccountId) {
    return `${head}; the only ACTIVE one is your own account ${selfAccountId}, which --accounts org leaves out.\n`;
  }
  return `${head}; none of them is in this shard or selection.\n`;
}
