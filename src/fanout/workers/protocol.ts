// Messages between the main thread and a fan-out worker thread (one MessagePort per worker).
import type { MessagePort } from "node:worker_threads";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { CredentialStoreEntry } from "../../credentials/store.js";
import type { AccountTarget } from "../accounts/plan.js";
import type { RoleSpec } from "../options.js";
import type { WireRecord } from "./wire.js";

/** Upper bound of `workers` (threads beyond the cores only add memory). */
export const MAX_WORKERS = 256;

/** What a worker is started with (all structured-cloneable; the port is transferred). */
export interface WorkerInit {
  port: MessagePort;
  /** The task module's URL (`file:`); its default export is the task. */
  taskUrl: string;
  session: { region: string | undefined; clientConfig: Record<string, unknown>; profile: string | undefined };
  /** fanOut options without accounts and roles (no session, signals or callbacks). */
  options: Record<string, unknown>;
  /** The run's roles, as planned in the main thread. */
  roles: readonly RoleSpec[];
  /** This worker's accounts, as chosen in the main thread (no filtering left to do). */
  targets: readonly AccountTarget[];
  /** The role session name when the run gave none (the same in every worker). */
  defaultSessionName?: string;
  /** The run has an MFA `tokenCode`: the worker asks the main thread for each code. */
  mfa: boolean;
  /**
   * The run's session has a credential store: the worker reads and writes it through the main
   * thread, under the keys the main thread would use (`caller`: its caller identity, so a
   * worker's key for a role is the one-thread run's key for it).
   */
  store?: { caller: string | undefined };
}

/** A store operation a worker asks the main thread to do on the run's store. */
export type StoreRequest = { op: "get"; key: string } | { op: "set"; key: string; entry: CredentialStoreEntry } | { op: "delete"; key: string };

/** A worker's error answer. */
export interface WireError { name: string; message: string; code?: string }

/** Main → worker. */
export type ToWorker =
  | { t: "abort" }
  | { t: "drain" }
  | { t: "credentials"; id: number; credentials: AwsCredentialIdentity }
  | { t: "credentials"; id: number; error: { name: string; message: string; code?: string } }
  | { t: "tokenCode"; id: number; code: string }
  | { t: "tokenCode"; id: number; error: { name: string; message: string; code?: string } }
  | { t: "store"; id: number; entry?: unknown }
  | { t: "store"; id: number; error: WireError };

/** Worker → main. `end` is always the last message. */
export type FromWorker =
  | { t: "size"; unit: number; count: number }
  | { t: "record"; unit: number; position: number; wire: WireRecord }
  | { t: "credentials"; id: number }
  | { t: "tokenCode"; id: number }
  | ({ t: "store"; id: number } & StoreRequest)
  | { t: "end"; error?: { name: string; message: string } };
