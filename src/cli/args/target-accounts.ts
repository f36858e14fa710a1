// The CLI's account flags (--accounts, --ou, --tag, --name, --exclude, --include-self,
// --accounts-file) → the `accounts` option of fanOut and selectAccounts.
import type { AccountsOption } from "../../index.js";
import type { FleetApi } from "../run/api.js";
import type { SelectionArgs } from "./selection.js";

/** The `accounts` option; reads the accounts file when one was given. */
export async function accountsOption(
  api: Pick<FleetApi, "loadAccountsFile">,
  accounts: string[] | "organization" | "sso" | undefined,
  ous: string[] | undefined,
  selection: SelectionArgs | undefined,
): Promise<AccountsOption | undefined> {
  const filters = {
    ...(selection?.tags && { tags: selection.tags }),
    ...(selection?.names && { names: selection.names }),
    ...(selection?.exclude && { exclude: selection.exclude }),
  };
  const filtered = Object.keys(filters).length > 0;
  if (accounts === "sso") {
    // An accounts file narrows the sign-in's accounts to those it lists.
    const list = selection?.accountsFile === undefined ? undefined : await api.loadAccountsFile(selection.accountsFile);
    const sso = { ...filters, ...(list && { list }) };
    return Object.keys(sso).length > 0 ? { sso } : "sso";
  }
  if (selection?.accountsFile !== undefined) {
    const list = await api.loadAccountsFile(selection.accountsFile);
    return filtered ? { list, ...filters } : list;
  }
  if (accounts !== "organization" && ous === undefined) return accounts;
  const organization = { ...(ous !== undefined && ous.length > 0 && { ous }), ...filters, ...(selection?.includeSelf && { includeSelf: true }) };
  return Object.keys(organization).length > 0 ? { organization } : "organization";
}
