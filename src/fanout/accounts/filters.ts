// The rules that choose accounts by what they are: tags, name globs, exclusions. Pure and
// synchronous, so the organisation listing, an accounts file and the CLI all apply the same
// rules, and every rule is checked (and its bad value named) before any request.
import { invalidInput } from "../../errors.js";
import type { LeftOutRule } from "../types.js";

/** Validated filters. `tags` undefined: no tag rule (and no tag lookups). */
export interface AccountFilters {
  tags: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  names: readonly RegExp[] | undefined;
  exclude: { ids: ReadonlySet<string>; names: readonly RegExp[] };
}

const ACCOUNT_ID = /^\d{12}$/;
// AWS tag limits: keys 1-128 characters, values 0-256
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Tag.html).
const MAX_KEY = 128;
const MAX_VALUE = 256;

/** `prod-*` → /^prod-.*$/: `*` any run of characters, `?` one character, the rest literal. */
export function globToRegExp(glob: string): RegExp {
  const source = [...glob].map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "s");
}

/** Validates `tags`, `names` and `exclude` (each optional) under the option name `prefix`. */
export function checkAccountFilters(value: { tags?: unknown; names?: unknown; exclude?: unknown }, prefix: string): AccountFilters {
  const at = (key: string): string => (prefix === "" ? key : `${prefix}.${key}`);
  return {
    tags: value.tags === undefined ? undefined : checkTagFilter(value.tags, at("tags")),
    names: value.names === undefined ? undefined : nonEmptyStrings(value.names, at("names"), "name globs such as \"prod-*\"").map(globToRegExp),
    exclude: value.exclude === undefined ? { ids: new Set(), names: [] } : checkExclude(value.exclude, at("exclude")),
  };
}

/** True when no rule is set: every account passes. */
export function noFilters(filters: AccountFilters): boolean {
  return filters.tags === undefined && filters.names === undefined && filters.exclude.ids.size === 0 && filters.exclude.names.length === 0;
}

/** The rule that leaves out an account before its tags are known (`exclude`, then `names`), if any. */
export function nameRule(filters: AccountFilters, accountId: string, name: string | undefined): LeftOutRule | undefined {
  if (filters.exclude.ids.has(accountId)) return "excluded";
  if (name !== undefined && filters.exclude.names.some((re) => re.test(name))) return "excluded";
  if (filters.names !== undefined && (name === undefined || !filters.names.some((re) => re.test(name)))) return "names";
  return undefined;
}

/** True when `tags` satisfy every key of the filter (no filter: always). */
export function tagsMatch(filters: AccountFilters, tags: Readonly<Record<string, string>> | undefined): boolean {
  if (filters.tags === undefined) return true;
  for (const [key, values] of filters.tags) {
    const value = tags?.[key];
    if (value === undefined || !values.has(value)) return false;
  }
  return true;
}

function checkTagFilter(value: unknown, option: string): ReadonlyMap<string, ReadonlySet<string>> {
  const expected = "an object of tag keys to a value or a list of values, e.g. { env: \"prod\", team: [\"payments\", \"search\"] }";
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) throw invalidInput(option, value, expected);
  const out = new Map<string, ReadonlySet<string>>();
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (key.length === 0 || key.length > MAX_KEY) throw invalidInput(`${option} key`, key, `a tag key of 1 to ${MAX_KEY} characters`);
    const values = typeof raw === "string" ? [raw] : raw;
    if (!Array.isArray(values) || values.length === 0) throw invalidInput(`${option}.${key}`, raw, "a tag value or a non-empty list of values");
    for (const [i, v] of values.entries()) {
      if (typeof v !== "string" || v.length > MAX_VALUE) throw invalidInput(`${option}.${key}[${i}]`, v, `a tag value of at most ${MAX_VALUE} characters`);
    }
    out.set(key, new Set(values as string[]));
  }
  return out;
}

function checkExclude(value: unknown, option: string): { ids: Set<string>; names: RegExp[] } {
  const items = nonEmptyStrings(value, option, "account ids or name globs such as \"111111111111\" or \"sandbox-*\"");
  const ids = new Set(items.filter((item) => ACCOUNT_ID.test(item)));
  return { ids, names: items.filter((item) => !ids.has(item)).map(globToRegExp) };
}

function nonEmptyStrings(value: unknown, option: string, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput(option, value, `a non-empty array of ${what}`);
  return value.map((item: unknown, i) => {
    if (typeof item !== "string" || item.trim().length === 0) throw invalidInput(`${option}[${i}]`, item, `a non-empty string (${what})`);
    return item;
  });
}
