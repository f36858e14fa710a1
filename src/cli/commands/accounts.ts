// `sessionfleet accounts [--ou ID] [--tag K=V] [--name GLOB] [--exclude ..] [--include-self]
// [--accounts-file F]`: the organisation's ACTIVE accounts or, with selection flags, exactly
// the accounts a run with those flags would target, with their tags.
import type { AccountSelection } from "../../index.js";
import { loadApi } from "../run/api.js";
import type { CliCommand } from "../args/command-types.js";
import { palette, useColor } from "../output/color.js";
import { connect } from "../run/connect.js";
import { NO_HOOKS, profileMfaCode, terminalAsk } from "../run/mfa.js";
import { preflight } from "../../fanout/preflight.js";
import { EXIT, type CliIo } from "../io.js";
import { renderLeftOut } from "../output/left-out.js";
import { renderList } from "../output/render-list.js";
import { accountsOption } from "../args/target-accounts.js";
import { untrusted } from "../../untrusted.js";

/** Runs `accounts`. */
export async function run(command: Extract<CliCommand, { command: "accounts" }>, io: CliIo): Promise<number> {
  const api = await loadApi();
  const { selection: flags } = command;
  const ous = command.ous.length > 0 ? command.ous : undefined;
  // The file is read (and checked) before anything is contacted.
  const accounts = command.sso ? await accountsOption(api, "sso", undefined, flags)
    : flags === undefined ? undefined : await accountsOption(api, flags.accountsFile === undefined ? "organization" : undefined, ous, flags);
  const connection = await connect(command.session, profileMfaCode(io, terminalAsk(io, NO_HOOKS)));
  try {
    // Missing credentials (or an expired SSO sign-in) are reported once, as such, not as a failed listing.
    await preflight({ session: connection.session, signal: undefined, ...(command.sso && { accounts: { kind: "sso" as const } }) });
    const colors = palette(useColor(io.stdout, io.env));
    if (accounts === undefined) {
      const listed = await api.listOrganizationAccounts(connection.session, { ...(ous && { ous }), status: "ACTIVE" });
      const rows = listed.map((a) => ({ accountId: a.accountId, name: a.name, email: a.email, status: a.status }));
      const columns = [{ key: "accountId", title: "Account" }, { key: "name", title: "Name" }, { key: "email", title: "Email" }, { key: "status", title: "Status" }];
      io.stdout.write(renderList("accounts", rows, columns, command.output.format, colors));
      return EXIT.OK;
    }
    const selection: AccountSelection = await api.selectAccounts(connection.session, accounts);
    const structured = command.output.format === "json" || command.output.format === "ndjson";
    const rows = command.sso
      ? selection.accounts.map((a) => ({ accountId: a.accountId, name: a.name, roles: structured ? a.roles : a.roles?.join(" ") }))
      : selection.accounts.map((a) => ({ accountId: a.accountId, name: a.name, tags: structured ? a.tags : tagText(a.tags), ...(a.self && { self: true }) }));
    const columns = [{ key: "accountId", title: "Account" }, { key: "name", title: "Name" }, command.sso ? { key: "roles", title: "Permission sets" } : { key: "tags", title: "Tags" }];
    io.stdout.write(renderList("accounts", rows, columns, command.output.format, colors));
    const stderrColors = palette(useColor(io.stderr, io.env));
    if (!command.output.quiet) io.stderr.write(renderLeftOut(selection, stderrColors));
    for (const failed of selection.failed) io.stderr.write(`${stderrColors.red("failed")} ${untrusted(`${failed.accountId}${failed.name ? ` ${failed.name}` : ""}: ${failed.error.message}`)}\n`);
    return selection.failed.length > 0 ? EXIT.FAILED : EXIT.OK;
  } finally {
    await connection.close();
  }
}

function tagText(tags: Record<string, string> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  return Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(" ");
}
