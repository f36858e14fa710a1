// `sessionfleet regions [--all]`: the caller's regions with their opt-in status.
import { loadApi } from "../run/api.js";
import type { CliCommand } from "../args/command-types.js";
import { palette, useColor } from "../output/color.js";
import { connect } from "../run/connect.js";
import { NO_HOOKS, profileMfaCode, terminalAsk } from "../run/mfa.js";
import { preflight } from "../../fanout/preflight.js";
import { EXIT, type CliIo } from "../io.js";
import { renderList } from "../output/render-list.js";

/** Runs `regions`. */
export async function run(command: Extract<CliCommand, { command: "regions" }>, io: CliIo): Promise<number> {
  const { listRegions } = await loadApi();
  const connection = await connect(command.session, profileMfaCode(io, terminalAsk(io, NO_HOOKS)));
  try {
    // Missing credentials are reported once, as such, not as a failed listing (twice for regions).
    await preflight({ session: connection.session, signal: undefined });
    const regions = await listRegions(connection.session, { include: command.all ? "all" : "enabled" });
    const rows = regions.map((r) => ({ region: r.region, optIn: r.optIn }));
    const columns = [{ key: "region", title: "Region" }, { key: "optIn", title: "Opt-in status" }];
    io.stdout.write(renderList("regions", rows, columns, command.output.format, palette(useColor(io.stdout, io.env))));
    return EXIT.OK;
  } finally {
    await connection.close();
  }
}
