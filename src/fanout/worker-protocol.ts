// Messages between the main thread and a fan-out worker thread (one MessagePort per worker).
import type { MessagePort } from "node:worker_threads";
import type { AwsCredentialIdentity } from "@smithy/types";
import type { AccountTarget } from "./accounts-plan.js";
import type { RoleSpec } from "./options.js";
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
  /** The run has an MFA `tokenCode`: the worker asks the main thread for each code. */
  mfa: boolean;
}

/** Main → worker. */
export type ToWorker =
  | { t: "abort" }
  | { t: "drain" }
  | { t: "credentials"; id: number; credentials: AwsCredentialIdentity }
  | { t: "credentials"; id: number; error: { name: string; message: string; code?: string } }
  | { t: "tokenCode"; id: number; code: string }
  | { t: "tokenCode"; id: number; error: { name: string; message: string; code?: string } };

/** Worker → main. `end` is always the last message. */
export type FromWorker =
  | { t: "size"; unit: number; count: number }
  | { t: "record"; unit: number; position: number; wire: WireRecord }
  | { t: "credentials"; id: number }
  | { t: "tokenCode"; id: number }
  | { t: "end"; error?: { name: string; message: string } };
