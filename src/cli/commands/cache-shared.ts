// `sessionfleet cache list | clear --cache dynamodb:<table>`: the shared store's items. Like the
// file cache's listing it prints keys, role ARNs, accounts and expiry times (and live leases);
// it opens no entry, so it needs no key: only dynamodb:Scan (and DeleteItem for clear).
import type { CliCommand, SharedCacheArgs } from "../args/command-types.js";
import { palette, useColor } from "../output/color.js";
import { EXIT, type CliIo } from "../io.js";
import { openSharedCache } from "../run/shared-cache.js";

/** Runs `cache list|clear` against the table. */
export async function run(command: Extract<CliCommand, { command: "cache" }>, shared: SharedCacheArgs, io: CliIo): Promise<number> {
  const { store, close } = await openSharedCache(shared, {
    ...(command.region !== undefined && { region: command.region }), ...(command.profile !== undefined && { profile: command.profile }), needKey: false,
  }, io.env);
  const where = `DynamoDB table ${store.tableName}`;
  try {
    if (command.action === "clear") {
      const removed = await store.clear({ expired: command.expired });
      io.stdout.write(`removed ${removed} ${removed === 1 ? "item" : "items"} from ${where}\n`);
      return EXIT.OK;
    }
    const entries = await store.list();
    if (command.format === "json") {
      const rows = entries.map((e) => ({
        key: e.key, roleArn: e.roleArn, accountId: e.accountId ?? null, expiration: e.expiration?.toISOString() ?? null, expired: e.expired,
        leaseUntil: e.leaseUntil?.toISOString() ?? null,
      }));
      io.stdout.write(`${JSON.stringify({ table: store.tableName, entries: rows }, null, 2)}\n`);
      return EXIT.OK;
    }
    const colors = palette(useColor(io.stdout, io.env));
    const expires = (e: (typeof entries)[number]): string => {
      const base = e.expiration ? `${e.expiration.toISOString()}${e.expired ? " (expired)" : ""}` : "(no entry)";
      return e.leaseUntil ? `${base} (leased until ${e.leaseUntil.toISOString()})` : base;
    };
    const rows = entries.map((e) => [e.key.slice(0, 16), e.roleArn, e.accountId ?? "-", expires(e)]);
    const header = ["KEY", "ROLE ARN", "ACCOUNT", "EXPIRES"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
    io.stdout.write(`${colors.dim(line(header))}\n`);
    for (const row of rows) io.stdout.write(`${line(row)}\n`);
    io.stdout.write(colors.dim(`${entries.length} ${entries.length === 1 ? "item" : "items"} in ${where}\n`));
    return EXIT.OK;
  } finally {
    close();
  }
}
