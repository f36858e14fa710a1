// fanOut on worker threads (Piscina). The main thread validates, finds the accounts (one
// organization listing), splits them with the shard hash (an account and its AssumeRole live
// in one worker), hands out the base credentials (resolved once here: one SSO or MFA prompt),
// forwards cancellation, counts progress and puts records back in target order.
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { Piscina } from "piscina";
import type { AwsCredentialIdentity } from "@smithy/types";
import { FleetError, invalidInput } from "../../errors.js";
import { sessionSettings } from "../../session-internals.js";
import { checkPositiveInteger } from "../../validate.js";
import { planFanOut, type FanOutPlan } from "../options.js";
import { preflight } from "../preflight.js";
import { Progress } from "../progress.js";
import { buildReport, recordsInOrder } from "../report.js";
import { withSessionRegion } from "../session-region.js";
import type { FanOutOptions, FanOutRecord, FanOutReport, FanOutTask } from "../types.js";
import { fromWire } from "./wire.js";
import { accountsOf, split, type Share } from "./shares.js";
import { MAX_WORKERS, type FromWorker, type StoreRequest, type ToWorker, type WorkerInit } from "./protocol.js";
import type { CredentialStore } from "../../credentials/store.js";

const TASK_MODULE = "a task module URL, e.g. new URL(\"./task.js\", import.meta.url), whose default export is the task";

/**
 * Runs a fan-out whose task is a module (`workers` threads, or the main thread without
 * `workers`). `inThread` is the ordinary one-thread fanOut.
 */
export async function fanOutOnWorkers<T>(options: FanOutOptions, task: FanOutTask<T> | URL, inThread: (o: FanOutOptions, t: FanOutTask<T>) => Promise<FanOutReport<T>>): Promise<FanOutReport<T>> {
  const { workers: rawWorkers, ...rest } = options;
  const workers = rawWorkers === undefined ? undefined : checkPositiveInteger(rawWorkers, "workers", MAX_WORKERS);
  if (!(task instanceof URL)) throw invalidInput("task", task, `${TASK_MODULE}, when workers is given (a function task runs on the main thread: leave workers out)`);
  if (task.protocol !== "file:") throw invalidInput("task", task.href, `${TASK_MODULE} (a file: URL)`);
  const plan = planFanOut(await withSessionRegion(rest), () => undefined);
  const loaded = await loadTask<T>(task);
  // Without accounts there is one unit (the caller's own account): nothing to split.
  if (workers === undefined || plan.accounts.kind === "self") return inThread(rest, loaded);
  const settings = sessionSettings(plan.session);
  const clientConfig = { ...settings.clientConfig };
  try {
    structuredClone(clientConfig);
  } catch {
    throw invalidInput("session", "(clientConfig)", "a session whose clientConfig holds only plain values (functions and class instances cannot be copied to a worker thread)");
  }
  const started = performance.now();
  await preflight(plan);
  const progress = new Progress(plan.onProgress);
  const blocks: Array<Array<FanOutRecord<T> | undefined>> = [];
  const { targets, failures } = await accountsOf(plan, progress);
  // Records of the discovery (or of failed tag lookups) come first, as on one thread.
  for (const record of failures) blocks.push([record as FanOutRecord<T>]);
  const shares = split(plan, targets, workers, progress, blocks.length);
  // The run's store serves the workers through this thread, under this thread's caller key.
  const store = settings.store && { store: settings.store, caller: await settings.caller().catch(() => undefined) };
  if (shares.length > 0) await runShares(plan, task, shares, { workers, clientConfig, profile: settings.profile, store }, blocks, progress);
  progress.finish();
  return buildReport(recordsInOrder(blocks), Math.round(performance.now() - started));
}

/** Runs each share on a thread of its own; forwards cancellation and draining; resolves when every record is in. */
async function runShares<T>(
  plan: FanOutPlan, task: URL, shares: readonly Share[], setup: { workers: number; clientConfig: Record<string, unknown>; profile: string | undefined; store: RunStore | undefined },
  blocks: Array<Array<FanOutRecord<T> | undefined>>, progress: Progress,
): Promise<void> {
  const { workers, clientConfig, profile } = setup;
  const ports: MessagePort[] = [];
  const pool = new Piscina({ filename: workerEntry(), minThreads: shares.length, maxThreads: shares.length, idleTimeout: 0, concurrentTasksPerWorker: 1 });
  const onAbort = (): void => ports.forEach((port) => port.postMessage({ t: "abort" } satisfies ToWorker));
  const onDrain = (): void => ports.forEach((port) => port.postMessage({ t: "drain" } satisfies ToWorker));
  plan.signal?.addEventListener("abort", onAbort, { once: true });
  plan.drainSignal?.addEventListener("abort", onDrain, { once: true });
  try {
    const sessionName = plan.assume.sessionName ?? `sessionfleet-${Math.floor(Date.now() / 1000)}`;
    await Promise.all(shares.map((share) => {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      const ended = listen<T>(port1, share, blocks, progress, plan, setup.store?.store);
      const init: WorkerInit = {
        port: port2,
        taskUrl: task.href,
        session: { region: plan.session.region, clientConfig, profile },
        options: workerOptions(plan, workers),
        // A default name stays a default in the worker: store keys leave it out, so a worker's
        // key for a role is the one a one-thread run (any run) uses.
        ...(plan.assume.sessionName === undefined ? { defaultSessionName: sessionName } : {}),
        roles: plan.roles,
        targets: share.accounts,
        mfa: plan.assume.tokenCode !== undefined,
        ...(setup.store && { store: { caller: setup.store.caller } }),
      };
      if (plan.drainSignal?.aborted) port1.postMessage({ t: "drain" } satisfies ToWorker);
      if (plan.signal?.aborted) port1.postMessage({ t: "abort" } satisfies ToWorker);
      return Promise.all([pool.run(init, { transferList: [port2] }), ended]);
    }));
  } finally {
    plan.signal?.removeEventListener("abort", onAbort);
    plan.drainSignal?.removeEventListener("abort", onDrain);
    for (const port of ports) port.close();
    await pool.destroy();
  }
}

/** The task module's default export, checked before any request. */
async function loadTask<T>(url: URL): Promise<FanOutTask<T>> {
  let mod: { default?: unknown };
  try {
    mod = (await import(url.href)) as { default?: unknown };
  } catch (error) {
    throw new FleetError("ERR_INVALID_INPUT", `Invalid task: the module ${url.href} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { option: "task", cause: error });
  }
  if (typeof mod.default !== "function") throw invalidInput("task", url.href, `${TASK_MODULE} (its default export is ${typeof mod.default})`);
  return mod.default as FanOutTask<T>;
}

/** The built worker entry; under a TypeScript runner (tests from src/) the one in dist/. */
function workerEntry(): string {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "../../../dist/fanout/workers/entry.js" : "./entry.js", here).href;
}

/** fanOut options for a worker (its accounts and roles are set on its plan), with its part of the concurrency. */
function workerOptions(plan: FanOutPlan, workers: number): Record<string, unknown> {
  const part = (n: number | undefined): number | undefined => (n === undefined ? undefined : Math.ceil(n / workers));
  const perRegion = part(plan.perRegionConcurrency);
  // The MFA code provider stays here (a function cannot cross threads); workers ask for codes.
  const { tokenCode: _tokenCode, ...assume } = plan.assume;
  return {
    regions: plan.regions.kind === "list" ? [...plan.regions.regions] : "enabled",
    concurrency: part(plan.concurrency),
    ...(plan.perAccountConcurrency !== undefined && { perAccountConcurrency: plan.perAccountConcurrency }),
    ...(perRegion !== undefined && { perRegionConcurrency: perRegion }),
    ...(plan.timeoutMs !== undefined && { timeoutMs: plan.timeoutMs }),
    ...assume,
  };
}

/** Handles one worker's messages; resolves on its last one. */
function listen<T>(port: MessagePort, { units, pending }: Share, blocks: Array<Array<FanOutRecord<T> | undefined>>, progress: Progress, plan: FanOutPlan, store: CredentialStore | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    port.on("message", (message: FromWorker) => {
      switch (message.t) {
        case "size": {
          const unit = units[message.unit]!;
          blocks[unit] = new Array<FanOutRecord<T> | undefined>(message.count);
          if (pending.delete(unit)) progress.grow(message.count - 1);
          return;
        }
        case "record": {
          const block = blocks[units[message.unit]!];
          if (!block || block[message.position] !== undefined) return reject(new Error(`fan-out defect: record ${message.unit}/${message.position} written twice or unannounced`));
          const record = fromWire<T>(message.wire);
          block[message.position] = record;
          progress.record(record.ok);
          return;
        }
        case "credentials":
          return handOver(plan, port, message.id);
        case "tokenCode":
          return answer(port, message.id, "tokenCode", () => plan.assume.tokenCode!().then((code) => ({ code })));
        case "store":
          return answer(port, message.id, "store", () => storeOp(store, message));
        case "end":
          return message.error ? reject(new Error(`fan-out worker failed: ${message.error.name}: ${message.error.message}`)) : resolve();
      }
    });
  });
}

/** Answers a worker's request for the base credentials (the session's cache: one resolve, shared refreshes). */
function handOver(plan: FanOutPlan, port: MessagePort, id: number): void {
  answer(port, id, "credentials", async () => {
    const c: AwsCredentialIdentity = await plan.session.getCredentials();
    const credentials: AwsCredentialIdentity = {
      accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken !== undefined && { sessionToken: c.sessionToken }),
      ...(c.expiration !== undefined && { expiration: c.expiration }),
      ...(c.credentialScope !== undefined && { credentialScope: c.credentialScope }),
      ...(c.accountId !== undefined && { accountId: c.accountId }),
    };
    return { credentials };
  });
}

/** The run's store and the caller key its entries are made under (shared with the workers). */
interface RunStore {
  store: CredentialStore;
  caller: string | undefined;
}

/** One store operation a worker asked for. Entries pass as they are (structured clone keeps Dates). */
async function storeOp(store: CredentialStore | undefined, request: StoreRequest): Promise<object> {
  if (!store) throw new Error("fan-out defect: a worker asked for a store the run does not have");
  if (request.op === "get") {
    const entry = await store.get(request.key);
    return entry === undefined ? {} : { entry };
  }
  if (request.op === "set") await store.set(request.key, request.entry);
  else await store.delete(request.key);
  return {};
}

/** Replies to request `id` with what `get` gives, or with its error (a FleetError keeps its code). */
function answer(port: MessagePort, id: number, t: "credentials" | "tokenCode" | "store", get: () => Promise<object>): void {
  get().then(
    (value) => port.postMessage({ t, id, ...value } as ToWorker),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = error instanceof FleetError ? error.code : undefined;
      port.postMessage({ t, id, error: { name: e.name, message: e.message, ...(code !== undefined && { code }) } } as ToWorker);
    },
  );
}
