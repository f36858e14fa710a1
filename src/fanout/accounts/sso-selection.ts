// accounts "sso" → the run's accounts: every account the sign-in lists, narrowed by names,
// exclusions and an accounts file like an organisation's, and by the permission sets asked for.
// An account without any of them is left out by rule "no-permission-set", never a failure: the
// user simply has no such access there.
import type { CredentialSession } from "../../session.js";
import { nameRule } from "./filters.js";
import type { AccountsPlan, AccountTarget, ChooseOptions, ChosenAccounts } from "./plan.js";
import { listSsoAssignments } from "./sso-accounts.js";
import type { AccountSelection } from "../types.js";

/** Lists the sign-in's accounts and their permission sets, then applies the plan's rules. */
export async function chooseSsoAccounts(session: CredentialSession, plan: AccountsPlan & { kind: "sso" }, options: ChooseOptions): Promise<ChosenAccounts> {
  const { accounts } = await listSsoAssignments(session, options);
  const selection: AccountSelection = { accounts: [], leftOut: [], failed: [] };
  const targets: AccountTarget[] = [];
  for (const a of accounts) {
    if (plan.only !== undefined && !plan.only.has(a.accountId)) continue;
    const named = a.accountName === undefined ? {} : { name: a.accountName };
    const rule = nameRule(plan.filters, a.accountId, a.accountName);
    if (rule !== undefined) {
      selection.leftOut.push({ accountId: a.accountId, ...named, rule });
      continue;
    }
    const roles = plan.roles === undefined ? a.roles : plan.roles.filter((r) => a.roles.includes(r));
    if (roles.length === 0) {
      selection.leftOut.push({ accountId: a.accountId, ...named, rule: "no-permission-set" });
      continue;
    }
    selection.accounts.push({ accountId: a.accountId, ...named, roles: [...roles] });
    targets.push({ accountId: a.accountId, ...named, roles: roles.map((name) => ({ name })), sso: true });
  }
  return { selection, targets };
}
