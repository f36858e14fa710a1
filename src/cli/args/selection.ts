// The account-selection flags: --tag, --name, --exclude, --include-self, --accounts-file.
// Parsed here, apart from args.ts, so the table of flags → options stays one small file.
import { FleetError, invalidInput } from "../../errors.js";
import { splitList } from "./values.js";

/** How the accounts of a run are narrowed (each field only when its flag was given). */
export interface SelectionArgs {
  /** `--tag key=value` (repeatable; `key=v1,v2` for any of). */
  tags?: Record<string, string[]>;
  /** `--name GLOB` (repeatable). */
  names?: string[];
  /** `--exclude ID|GLOB,...`. */
  exclude?: string[];
  /** `--include-self`: run the caller's own account too, with its own credentials. */
  includeSelf?: boolean;
  /** `--accounts-file FILE`: c7n-org accounts.yml, .json or .csv. */
  accountsFile?: string;
}

/** The flags, for node:util parseArgs. */
export const SELECTION_OPTIONS = {
  tag: { type: "string", multiple: true }, name: { type: "string", multiple: true }, exclude: { type: "string", multiple: true },
  "include-self": { type: "boolean" }, "accounts-file": { type: "string" },
} as const;

const FILE = /\.(?:ya?ml|json|csv)$/i;

/** Reads the selection flags of parsed `values`; undefined when none was given. */
export function selectionArgs(values: Record<string, unknown>): SelectionArgs | undefined {
  const out: SelectionArgs = {};
  const list = (name: string): string[] | undefined => (Array.isArray(values[name]) ? (values[name] as unknown[]).filter((v): v is string => typeof v === "string") : undefined);
  const tags = list("tag");
  if (tags !== undefined) out.tags = parseTags(tags);
  const names = list("name");
  if (names !== undefined) out.names = names.map((n) => nonEmpty(n, "--name", "a glob over account names such as \"prod-*\""));
  const exclude = list("exclude");
  if (exclude !== undefined) {
    out.exclude = splitList(exclude);
    if (out.exclude.length === 0) throw invalidInput("--exclude", exclude.join(","), "account ids or name globs separated by commas");
  }
  if (values["include-self"] === true) out.includeSelf = true;
  const file = values["accounts-file"];
  if (typeof file === "string") {
    if (!FILE.test(file)) throw invalidInput("--accounts-file", file, "a .yml, .yaml, .json or .csv file (c7n-org's accounts.yml format)");
    out.accountsFile = file;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * Checks the selection flags against the other target flags: --accounts-file replaces
 * --accounts and --ou, and the filters need accounts to filter (the organisation or a file).
 */
export function checkSelection(selection: SelectionArgs, accounts: string[] | "organization" | "sso" | undefined): void {
  if (accounts === "sso") {
    // IAM Identity Center lists ids, names and emails: nothing for --tag to match.
    if (selection.tags) throw usage("--tag", "does not go with --accounts sso: IAM Identity Center accounts have no tags; use --name or --exclude");
    if (selection.includeSelf) throw usage("--include-self", "does not go with --accounts sso: your own account is listed when you have a permission set in it");
    return;
  }
  if (selection.accountsFile !== undefined) {
    if (accounts !== undefined) throw usage("--accounts-file", "goes without --accounts and --ou: the file lists the accounts");
    if (selection.includeSelf) throw usage("--include-self", "goes with --accounts org or --ou, not with --accounts-file (the file lists its accounts itself)");
    return;
  }
  if (Array.isArray(accounts)) {
    const flag = selection.tags ? "--tag" : selection.names ? "--name" : selection.exclude ? "--exclude" : "--include-self";
    throw usage(flag, "goes with --accounts org, --ou or --accounts-file, not with a list of account ids");
  }
}

/** A flag used with the wrong company: named as typed, no value to quote. */
function usage(flag: string, problem: string): FleetError {
  return new FleetError("ERR_INVALID_INPUT", `${flag} ${problem}`, { option: flag });
}

/** `--tag env=prod --tag team=a,b` → `{ env: ["prod"], team: ["a", "b"] }`; a key given twice adds values. */
export function parseTags(values: readonly string[]): Record<string, string[]> {
  const tags: Record<string, string[]> = {};
  for (const value of values) {
    const at = value.indexOf("=");
    const key = at < 0 ? "" : value.slice(0, at).trim();
    const wanted = at < 0 ? [] : value.slice(at + 1).split(",").map((v) => v.trim()).filter((v) => v !== "");
    if (key === "" || wanted.length === 0) throw invalidInput("--tag", value, "key=value, or key=v1,v2 for any of several values (e.g. --tag env=prod)");
    tags[key] = [...new Set([...(tags[key] ?? []), ...wanted])];
  }
  return tags;
}

function nonEmpty(value: string, flag: string, what: string): string {
  if (value.trim() === "") throw invalidInput(flag, value, what);
  return value;
}
