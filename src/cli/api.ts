// The library functions the CLI's commands use, loaded on demand so `--help` loads none of them.
// Imported from their modules until src/index.ts exports them; then from "../index.js".
import type { fanOut, fanOutStream } from "../fanout/run.js";
import type { listOrganizationAccounts, listRegions } from "../fanout/discovery.js";

/** The part of the public API the CLI calls. */
export interface FleetApi {
  fanOut: typeof fanOut;
  fanOutStream: typeof fanOutStream;
  listRegions: typeof listRegions;
  listOrganizationAccounts: typeof listOrganizationAccounts;
}

/** Imports fan-out and discovery. */
export async function loadApi(): Promise<FleetApi> {
  const [run, discovery] = await Promise.all([import("../fanout/run.js"), import("../fanout/discovery.js")]);
  return { fanOut: run.fanOut, fanOutStream: run.fanOutStream, listRegions: discovery.listRegions, listOrganizationAccounts: discovery.listOrganizationAccounts };
}
