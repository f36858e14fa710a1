// A fan-out worker thread (run by Piscina): rebuilds the base session from credentials the main
// thread hands over, runs the ordinary engine over its accounts and posts each record back.
import type { AwsCredentialIdentity } from "@smithy/types";
import { CredentialSession } from "../../session.js";
import { useDefaultSessionName } from "../../session-internals.js";
import { execute } from "../engine.js";
import { checkAccountFilters } from "../accounts/filters.js";
import { planFanOut } from "../options.js";
import type { FromWorker, StoreRequest, ToWorker, WorkerInit } from "./protocol.js";
import type { CredentialStore, CredentialStoreEntry } from "../../credentials/store.js";
import { withCallerKey } from "../../credentials/caller-key.js";
import type { FanOutRecord, FanOutTask } from "../types.js";
import { toWire } from "./wire.js";
import { failureRecord, targetError } from "../report.js";
import { FleetError, messageOf, type FleetErrorCode } from "../../errors.js";

/** Piscina's task: resolves when every record of this worker's accounts has been posted. */
export default async function runWorker(init: WorkerInit): Promise<void> {
  const port = init.port;
  const post = (message: FromWorker): void => port.postMessage(message);
  const stop = new AbortController();
  const drain = new AbortController();
  const pending = new Map<number, { resolve: (value: ToWorker) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  port.on("message", (message: ToWorker) => {
    if (message.t === "abort") return stop.abort();
    if (message.t === "drain") return drain.abort();
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (!waiting) return;
    if ("error" in message) waiting.reject(rebuild(message.error));
    else waiting.resolve(message);
  });
  // The base credentials live in the main thread (one SSO/MFA prompt, one refresh for all
  // workers); this provider asks for them, and the session's own cache calls it only on expiry.
  const ask = (t: "credentials" | "tokenCode" | "store", request?: StoreRequest): Promise<ToWorker> => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    post({ t, id, ...request } as FromWorker);
  });
  const credentials = withCallerKey(
    async (): Promise<AwsCredentialIdentity> => ((await ask("credentials")) as { credentials: AwsCredentialIdentity }).credentials,
    init.store?.caller,
  );
  // The run's store lives in the main thread (one file cache, one custom store object): a
  // worker reads and writes it there, so a warm cache serves workers and workers fill it.
  const cache: CredentialStore | undefined = init.store && {
    get: async (key) => ((await ask("store", { op: "get", key })) as { entry?: CredentialStoreEntry }).entry,
    set: async (key, entry) => void (await ask("store", { op: "set", key, entry })),
    delete: async (key) => void (await ask("store", { op: "delete", key })),
  };
  // The MFA code is asked for in the main thread (one prompt), once per AssumeRole as on one thread.
  const tokenCode = async (): Promise<string> => ((await ask("tokenCode")) as { code: string }).code;
  const { region, clientConfig, profile } = init.session;
  const session = new CredentialSession({ credentials, clientConfig, ...(region !== undefined && { region }), ...(profile !== undefined && { profile }), ...(cache && { cache }) });
  if (init.defaultSessionName !== undefined) useDefaultSessionName(session, init.defaultSessionName);
  try {
    const task = ((await import(init.taskUrl)) as { default: FanOutTask<unknown> }).default;
    // Planned without accounts, then given the main thread's choice: no second discovery, no filters.
    const plan = planFanOut({ ...init.options, ...(init.mfa && { tokenCode }), session, signal: stop.signal, drainSignal: drain.signal }, task);
    plan.roles = init.roles;
    plan.accounts = { kind: "list", accounts: init.targets, filters: checkAccountFilters({}, "accounts") };
    await execute(plan, task, {
      size: (unit, count) => post({ t: "size", unit, count }),
      put: (record, unit, position) => postRecord(post, record, unit, position),
    });
    post({ t: "end" });
  } catch (error) {
    post({ t: "end", error: { name: error instanceof Error ? error.name : "Error", message: messageOf(error) } });
  } finally {
    await session.close();
    port.close();
  }
}

/** Posts a record; a value structured clone cannot copy becomes the target's task failure. */
function postRecord(post: (message: FromWorker) => void, record: FanOutRecord<unknown>, unit: number, position: number): void {
  try {
    post({ t: "record", unit, position, wire: toWire(record) });
  } catch (error) {
    const place = { accountId: record.accountId, region: record.region, roleArn: record.roleArn };
    const message = `Task failed: its value cannot be copied from a worker thread (${messageOf(error)})`;
    post({ t: "record", unit, position, wire: toWire(failureRecord(place, "task", targetError(place, "ERR_TASK", "task", message), record.ms)) });
  }
}

/** The main thread's credential error: a FleetError again when it was one (its code decides the record's). */
function rebuild(error: { name: string; message: string; code?: string }): Error {
  if (error.code !== undefined) return new FleetError(error.code as FleetErrorCode, error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}
