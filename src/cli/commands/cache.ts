// `sessionfleet cache list | clear [--expired]`: the file cache of assumed-role credentials.
// It prints keys, role ARNs, accounts and expiry times; never a key id, secret or token.
import type { CliCommand } from "../args/command-types.js";
import { palette, useColor } from "../output/color.js";
import { FileCredentialStore } from "../../credentials/file-store.js";
import { EXIT, type CliIo } from "../io.js";
import { untrusted } from "../../untrusted.js";

/** Runs `cache`. */
export async function run(command: Extract<CliCommand, { command: "cache" }>, io: CliIo): Promise<number> {
  if (command.shared) return (await import("./cache-shared.js")).run(command, command.shared, io);
  // The directory comes from the process environment, as for every other command's cache.
  const store = new FileCredentialStore();
  const colors = palette(useColor(io.stdout, io.env));
  if (command.action === "clear") {
    const removed = await store.clear({ expired: command.expired });
    io.stdout.write(`removed ${removed} ${removed === 1 ? "entry" : "entries"} from ${store.dir}\n`);
    return EXIT.OK;
  }
  const entries = await store.list();
  if (command.format === "json") {
    const rows = entries.map((e) => ({ key: e.key, roleArn: e.roleArn, accountId: e.accountId ?? null, expiration: e.expiration.toISOString(), expired: e.expired }));
    io.stdout.write(`${JSON.stringify({ dir: store.dir, entries: rows }, null, 2)}\n`);
    return EXIT.OK;
  }
  // Role ARNs and accounts come from the cache files: escaped before they reach the terminal.
  const rows = entries.map((e) => [e.key.slice(0, 16), untrusted(e.roleArn), untrusted(e.accountId ?? "-"), e.expired ? `${e.expiration.toISOString()} (expired)` : e.expiration.toISOString()]);
  const header = ["KEY", "ROLE ARN", "ACCOUNT", "EXPIRES"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  io.stdout.write(`${colors.dim(line(header))}\n`);
  for (const row of rows) io.stdout.write(`${line(row)}\n`);
  io.stdout.write(colors.dim(`${entries.length} ${entries.length === 1 ? "entry" : "entries"} in ${store.dir}\n`));
  return EXIT.OK;
}
