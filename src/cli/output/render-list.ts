// Plain lists (regions, accounts) in the same four formats as fan-out results.
import Table from "cli-table3";
import type { Format } from "../args/values.js";
import type { Palette } from "./color.js";
import { countOf } from "./plural.js";
import { csvField } from "./render.js";
import { untrusted } from "../../untrusted.js";

/** A column of a list: the record key and its table header. */
export interface ListColumn {
  key: string;
  title: string;
}

/** Renders `rows`; json is `{ [name]: rows }`, the table ends with a count (`name` is a plural ending in s). */
export function renderList(name: string, rows: readonly Record<string, unknown>[], columns: readonly ListColumn[], format: Format, colors: Palette): string {
  switch (format) {
    case "json":
      return `${JSON.stringify({ [name]: rows }, null, 2)}\n`;
    case "ndjson":
      return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
    case "csv":
      return [columns.map((c) => c.key), ...rows.map((row) => columns.map((c) => csvField(row[c.key])))].map((r) => `${r.join(",")}\r\n`).join("");
    default: {
      // table (matrix is refused for lists by the parser)
      const table = new Table({ head: columns.map((c) => colors.bold(c.title)), style: { head: [], border: [], compact: true } });
      for (const row of rows) table.push(columns.map((c) => (row[c.key] === undefined ? "" : untrusted(String(row[c.key])))));
      return `${table.toString()}\n${colors.dim(countOf(rows.length, name.replace(/s$/, ""), name))}\n`;
    }
  }
}
