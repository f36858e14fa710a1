// c7n-org's accounts.yml (as c7n-org's own loader reads it: tools/c7n_org/c7n_org/cli.py,
// CONFIG_SCHEMA in cloud-custodian), the same shape in JSON, or CSV with a header → account
// entries for `fanOut({ accounts })`. Everything is checked before any request; a bad file is
// an ERR_INVALID_INPUT naming the file, the line and the field.
import { extname } from "node:path";
import type * as Yaml from "yaml";
import type { Document } from "yaml";
import { FleetError, invalidInput, messageOf } from "../../errors.js";
import { untrusted } from "../../untrusted.js";
import { checkExternalId, checkRegion, checkRoleName, parseRoleArn } from "../../validate.js";
import { parseCsvRecords } from "./csv.js";
import { sdkRequire } from "../../sdk-require.js";
import type { AccountEntry } from "../types.js";
import { nodeFsPromises } from "../../node-builtins.js";

/** Where a field of the n-th entry starts (1-based line). */
type LineOf = (index: number, field?: string) => number;

const ACCOUNT_ID = /^\d{12}$/;
const CSV_COLUMNS = ["account_id", "name", "role", "regions", "tags", "external_id", "email"];

/** The implementation of `loadAccountsFile`; its documentation is on the export (src/lazy-api.ts). */
export async function loadAccountsFile(path: string): Promise<AccountEntry[]> {
  if (typeof path !== "string" || path.length === 0) throw invalidInput("path", path, "the path of a .yml, .yaml, .json or .csv accounts file");
  const ext = extname(path).toLowerCase();
  if (![".yml", ".yaml", ".json", ".csv"].includes(ext)) throw invalidInput("accounts file", path, "a file ending in .yml, .yaml, .json or .csv");
  let text: string;
  try {
    text = await nodeFsPromises().readFile(path, "utf8");
  } catch (error) {
    throw new FleetError("ERR_INVALID_INPUT", `Cannot read accounts file ${JSON.stringify(path)}: ${messageOf(error)}`, { cause: error, option: "accounts file" });
  }
  return ext === ".csv" ? fromCsv(path, text) : fromYaml(path, text);
}

// Field names and messages quote the file's own text (keys, headers, values): shown escaped, so a
// key holding `ESC ]0;...BEL` cannot drive the terminal that prints the error.
function fail(file: string, line: number, field: string, message: string): FleetError {
  return new FleetError("ERR_INVALID_INPUT", untrusted(`Invalid accounts file ${JSON.stringify(file)}, line ${line}, field ${field}: ${message}`), { option: untrusted(field) });
}

// PyYAML's safe_load (what c7n-org reads with) expands aliases; the yaml package's own bound on
// alias expansion (maxAliasCount, 100 by default) refuses a "billion laughs" file before it grows.
const MAX_ALIAS_COUNT = 100;

function fromYaml(file: string, text: string): AccountEntry[] {
  // Loaded here, not at import: `yaml` is 72 modules that only accounts files need (issue 23).
  const { isMap, isSeq, LineCounter, parseDocument } = sdkRequire("yaml") as typeof Yaml;
  // YAML 1.2 reads JSON too, and keeps the position of every node for error messages.
  const lineCounter = new LineCounter();
  // `merge: true`: YAML 1.1 merge keys (`<<: *defaults`), which safe_load also applies.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  const syntax = doc.errors[0];
  if (syntax) throw fail(file, lineCounter.linePos(syntax.pos[0]).line, "(syntax)", syntax.message.split("\n")[0] ?? syntax.message);
  const lineAt = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const root = doc.contents;
  if (!isMap(root)) throw fail(file, lineAt(root), "(top level)", "expected a mapping with an `accounts` list, as c7n-org's accounts.yml");
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
    if (key !== "accounts" && key !== "vars") throw fail(file, lineAt(pair.key), key, "unknown top-level key; expected `accounts` (and optionally `vars`)");
  }
  const list = root.get("accounts", true);
  if (!isSeq(list)) throw fail(file, lineAt(list ?? root), "accounts", "expected a list of accounts");
  const lineOf: LineOf = (index, field) => lineAt(nodeOf(doc, index, field));
  let accounts: unknown[];
  try {
    accounts = (doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as { accounts: unknown[] }).accounts;
  } catch (error) {
    throw fail(file, lineAt(list), "accounts", `too many aliases to expand (over ${MAX_ALIAS_COUNT} per node: ${messageOf(error)})`);
  }
  return toEntries(file, accounts, lineOf, true);
}

function nodeOf(doc: Document, index: number, field: string | undefined): unknown {
  return (field !== undefined && doc.getIn(["accounts", index, field], true)) || doc.getIn(["accounts", index], true);
}

function fromCsv(file: string, text: string): AccountEntry[] {
  const records = parseCsvRecords(text, (line, message) => fail(file, line, "(syntax)", message));
  const header = records.shift();
  if (!header) throw fail(file, 1, "(header)", "the file is empty; expected a header such as account_id,name,role,regions,tags");
  for (const column of header.fields) {
    if (!CSV_COLUMNS.includes(column.trim())) throw fail(file, header.line, column, `unknown column; expected some of ${CSV_COLUMNS.join(", ")}`);
  }
  const columns = header.fields.map((c) => c.trim());
  if (!columns.includes("account_id")) throw fail(file, header.line, "account_id", "the header needs an account_id column");
  const rows = records.filter((r) => r.fields.some((f) => f.trim() !== ""));
  const raw = rows.map((r) => {
    if (r.fields.length !== columns.length) throw fail(file, r.line, "(row)", `${r.fields.length} fields; the header has ${columns.length}`);
    const entry: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = (r.fields[i] ?? "").trim();
      if (cell === "") return;
      entry[column] = column === "regions" || column === "tags" ? cell.split(/[;\s,]+/).filter((x) => x !== "") : cell;
    });
    return entry;
  });
  return toEntries(file, raw, (index) => rows[index]?.line ?? 1, false);
}

/** `yaml`: the file is YAML or JSON, where an unquoted id is a number. */
function toEntries(file: string, raw: unknown[], lineOf: LineOf, yaml: boolean): AccountEntry[] {
  if (raw.length === 0) throw fail(file, lineOf(0), "accounts", "no accounts listed");
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const field = (name: string): string => `accounts[${i}].${name}`;
    const check = <T>(name: string, fn: () => T): T => {
      try {
        return fn();
      } catch (error) {
        throw fail(file, lineOf(i, name), field(name), error instanceof FleetError ? error.message.replace(/^Invalid [^:]*: /, "") : messageOf(error));
      }
    };
    if (item === null || typeof item !== "object" || Array.isArray(item)) throw fail(file, lineOf(i), `accounts[${i}]`, "expected a mapping with account_id");
    const a = item as Record<string, unknown>;
    const id = a.account_id;
    const accountId = check("account_id", () => {
      // A number cannot keep an id's leading zeros (012345678901 is even octal in YAML 1.1), so no
      // bare number is taken, even one that happens to have 12 digits.
      if (typeof id === "number" || typeof id === "bigint") throw invalidInput("account_id", id, `the id as a quoted string: a bare number loses leading zeros; quote it ('${String(id).padStart(12, "0")}')`);
      if (typeof id !== "string" || !ACCOUNT_ID.test(id)) throw invalidInput("account_id", id, `a 12-digit account id${yaml ? " (quote it in YAML)" : ""}`);
      if (seen.has(id)) throw invalidInput("account_id", id, "an account listed once");
      return id;
    });
    seen.add(accountId);
    const entry: AccountEntry = { accountId };
    if (a.name !== undefined) entry.name = check("name", () => stringOf(a.name, "name"));
    if (a.role !== undefined) entry.role = check("role", () => roleOf(a.role, accountId));
    else if (a.profile !== undefined) throw fail(file, lineOf(i, "profile"), field("profile"), "a per-account profile is not supported; give the account a role (a name or an ARN) instead");
    if (a.regions !== undefined) entry.regions = check("regions", () => listOf(a.regions, "regions").map((r) => checkRegion(r, "regions")));
    if (a.external_id !== undefined) entry.externalId = check("external_id", () => checkExternalId(a.external_id, "external_id"));
    if (a.tags !== undefined) entry.tags = check("tags", () => tagsOf(a.tags));
    if (a.vars !== undefined) {
      entry.vars = check("vars", () => {
        if (a.vars === null || typeof a.vars !== "object" || Array.isArray(a.vars)) throw invalidInput("vars", a.vars, "a mapping");
        return a.vars as Record<string, unknown>;
      });
    }
    return entry;
  });
}

function stringOf(value: unknown, option: string): string {
  if (typeof value !== "string") throw invalidInput(option, value, "a string");
  return value;
}

function listOf(value: unknown, option: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidInput(option, value, "a non-empty list of strings");
  return value.map((v) => stringOf(v, option));
}

// c7n-org accepts a list of roles (a chain); one role is all a sessionfleet account takes.
function roleOf(value: unknown, accountId: string): string {
  const role = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (Array.isArray(role)) throw invalidInput("role", value, "one role (role chains are not supported)");
  if (typeof role === "string" && role.startsWith("arn:")) {
    const parsed = parseRoleArn(role, "role");
    if (parsed.accountId !== accountId) throw invalidInput("role", role, `a role ARN in account ${accountId}, or a role name`);
    return parsed.arn;
  }
  return checkRoleName(role, "role");
}

// c7n-org tags are "key:value" strings (orgaccounts.py writes Organizations tags that way);
// a tag without ":" is a key with an empty value.
function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of listOf(value, "tags")) {
    const at = tag.indexOf(":");
    const key = at < 0 ? tag : tag.slice(0, at);
    if (key.length === 0) throw invalidInput("tags", tag, "\"key:value\" strings with a non-empty key");
    tags[key] = at < 0 ? "" : tag.slice(at + 1);
  }
  return tags;
}
