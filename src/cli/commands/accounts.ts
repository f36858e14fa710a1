// `sessionfleet accounts [--ou ID]`: the organisation's ACTIVE accounts.
import { loadApi } from "../api.js";
import type { CliCommand } from "../args.js";
import { palette, useColor } from "../color.js";
import { connect } from "../connect.js";
import { preflight } from "../../fanout/preflight.js";
import { EXIT, type CliIo } from "../io.js";
import { renderList } from "../render-list.js";

/** Runs `accounts`. */
export async function run(command: Extract<CliCommand, { command: "accounts" }>, io: CliIo): Promise<number> {
  const { listOrganizationAccounts } = await loadApi();
  const connection = await connect(command.session);
  try {
    // Missing credentials are reported once, as such, not as a failed listing (twice for regions).
    await preflight({ session: connection.session, signal: undefined });
    const accounts = await listOrganizationAccounts(connection.session, { ...(command.ous.length > 0 && { ous: command.ous }), status: "ACTIVE" });
    const rows = accounts.map((a) => ({ accountId: a.accountId, name: a.name, email: a.email, status: a.status }));
    const columns = [{ key: "accountId", title: "Account" }, { key: "name", title: "Name" }, { key: "email", title: "Email" }, { key: "status", title: "Status" }];
    io.stdout.write(renderList("accounts", rows, columns, command.output.format, palette(useColor(io.stdout, io.env))));
    return EXIT.OK;
  } finally {
    await connection.close();
  }
}
