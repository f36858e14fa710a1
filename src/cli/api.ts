// The library functions the CLI's commands use, loaded on demand so `--help` loads none of them.
// TEMPORARY: typed here until src/index.ts exports fan-out and discovery; then this becomes a
// plain re-import of ../index.js.
import type { FanOutOptions, FanOutRecord, FanOutReport, FanOutTask } from "../fanout/types.js";
import type { CredentialSession } from "../index.js";

/** An organisation account as `accounts` prints it. */
export interface AccountRow {
  id: string;
  name?: string;
  email?: string;
  status?: string;
}

/** The part of the public API the CLI calls. */
export interface FleetApi {
  fanOut<T>(options: FanOutOptions, task: FanOutTask<T>): Promise<FanOutReport<T>>;
  fanOutStream<T>(options: FanOutOptions, task: FanOutTask<T>): AsyncIterable<FanOutRecord<T>>;
  listRegions(session: CredentialSession, options: { include: "enabled" | "all" }): Promise<Array<{ region: string; optIn: string }>>;
  listOrganizationAccounts(session: CredentialSession, options: { ous?: string[]; status?: string }): Promise<AccountRow[]>;
}

/** Imports the library's public entry point. */
export async function loadApi(): Promise<FleetApi> {
  return (await import("../index.js")) as unknown as FleetApi;
}
