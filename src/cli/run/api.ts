// The library functions the CLI's commands use, from the public entry point, loaded on demand so
// `--help` loads none of them.
import type { fanOut, fanOutStream, listOrganizationAccounts, listRegions, loadAccountsFile, selectAccounts } from "../../index.js";

/** The part of the public API the CLI calls. */
export interface FleetApi {
  fanOut: typeof fanOut;
  fanOutStream: typeof fanOutStream;
  listRegions: typeof listRegions;
  listOrganizationAccounts: typeof listOrganizationAccounts;
  loadAccountsFile: typeof loadAccountsFile;
  selectAccounts: typeof selectAccounts;
}

/** Imports the library's public entry point. */
export async function loadApi(): Promise<FleetApi> {
  return import("../../index.js");
}
