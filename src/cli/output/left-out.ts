// Which accounts a run left out, and by which rule, and why a run has no target at all, so a
// table never looks like an account went missing. Read from the run's own selection
// (`onAccounts`): the organisation is listed once per run, and tags looked up once.
import type { AccountSelection, LeftOutAccount, LeftOutRule } from "../../index.js";
import { untrusted } from "../../untrusted.js";
import type { Palette } from "./color.js";

const WHY: Record<LeftOutRule, string> = {
  "not-active": "not ACTIVE",
  "own-account": "your own account; --include-self runs it",
  excluded: "--exclude",
  names: "--name",
  tags: "--tag",
  "no-permission-set": "none of the --role permission sets",
};

/** The notes print under the matrix, which fits an 80-column terminal: so do they. */
const WIDTH = 80;

/**
 * `Left out (not ACTIVE): 200000000006 dev-retired (SUSPENDED)`, one note per rule, wrapped at
 * 80 columns between accounts (continuation lines indented by two spaces).
 */
export function renderLeftOut(selection: AccountSelection | undefined, colors: Palette): string {
  if (selection === undefined) return "";
  let out = "";
  for (const rule of Object.keys(WHY) as LeftOutRule[]) {
    const accounts = selection.leftOut.filter((a) => a.rule === rule);
    if (accounts.length === 0) continue;
    const head = `Left out (${WHY[rule]}):`;
    const lines = wrap(head, accounts.map(describe));
    out += `${colors.yellow(head)}${lines.join("\n").slice(head.length)}\n`;
  }
  return out;
}

/** `head` and the items joined by ", ", broken before an item that would pass {@link WIDTH}. */
function wrap(head: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = head;
  items.forEach((item, i) => {
    const text = i < items.length - 1 ? `${item},` : item;
    if (line.trim() !== "" && width(line) + 1 + width(text) > WIDTH && line !== head) {
      lines.push(line);
      line = `  ${text}`;
    } else {
      line += ` ${text}`;
    }
  });
  lines.push(line);
  return lines;
}

function width(text: string): number {
  return [...text].length;
}

function describe(a: LeftOutAccount): string {
  // Names and statuses are Organizations' text.
  return untrusted(`${a.accountId}${a.name ? ` ${a.name}` : ""}${a.rule === "not-active" && a.status ? ` (${a.status})` : ""}`);
}

/** Why a run has no target: what the selection left out (named just above it), or what was asked. */
export function noTargetsReason(selection: AccountSelection | undefined): string {
  if (selection === undefined || selection.accounts.length > 0 || selection.failed.length > 0) {
    return "No targets: the accounts, roles and regions given select nothing (no region enabled, or no account in this shard).\n";
  }
  const n = selection.leftOut.length;
  if (n === 0) return "No targets: Organizations listed no account.\n";
  return `No targets: ${n === 1 ? "the only account found was" : `all ${n} accounts found were`} left out, as listed above.\n`;
}
