// Which accounts a run left out, and by which rule, so a table never looks like an account went
// missing. Read from the run's own selection (`onAccounts`): no second listing, no second tag lookup.
import type { AccountSelection, LeftOutAccount, LeftOutRule } from "../index.js";
import type { Palette } from "./color.js";

const WHY: Record<LeftOutRule, string> = {
  "not-active": "not ACTIVE",
  "own-account": "your own account; --include-self runs it with your own credentials",
  excluded: "--exclude",
  names: "--name",
  tags: "--tag",
};

/** `Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)`, one line per rule. */
export function renderLeftOut(selection: AccountSelection | undefined, colors: Palette): string {
  if (selection === undefined) return "";
  let out = "";
  for (const rule of Object.keys(WHY) as LeftOutRule[]) {
    const accounts = selection.leftOut.filter((a) => a.rule === rule);
    if (accounts.length > 0) out += `${colors.yellow(`Left out (${WHY[rule]}):`)} ${accounts.map(describe).join(", ")}\n`;
  }
  return out;
}

function describe(a: LeftOutAccount): string {
  return `${a.accountId}${a.name ? ` ${a.name}` : ""}${a.rule === "not-active" && a.status ? ` (${a.status})` : ""}`;
}
