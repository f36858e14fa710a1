// The public entry points: fanOut collects records in target order, fanOutStream yields them
// as they finish through a bounded buffer.
import { invalidInput } from "../errors.js";
import { Channel } from "./channel.js";
import type * as Engine from "./engine.js";
import type * as Report from "./report.js";
import { planFanOut, type FanOutPlan } from "./options.js";
import { preflight } from "./preflight.js";
import { withSessionRegion } from "./session-region.js";
import type { FanOutOptions, FanOutRecord, FanOutReport, FanOutTask } from "./types.js";

/**
 * Runs `task` once per target — accounts × roles × regions — with one AssumeRole per
 * (account, role), bounded concurrency, per-target timeouts and cancellation, and returns one
 * record per target in target order. Options are validated before any request (a bad value
 * rejects with `ERR_INVALID_INPUT`); a target's failure is a record, never a rejection.
 *
 * @example
 * ```ts
 * import { RDSClient, DescribeOptionGroupsCommand } from "@aws-sdk/client-rds";
 * const report = await fanOut({
 *   session: base, accounts: "organization", roles: "OrganizationAccountAccessRole", regions: "enabled",
 *   concurrency: 32, timeoutMs: 30_000,
 * }, async ({ session, signal }) => {
 *   const out = await session.client(RDSClient).send(new DescribeOptionGroupsCommand({}), { abortSignal: signal });
 *   return out.OptionGroupsList?.length ?? 0;
 * });
 * for (const r of report.failed) console.error(r.accountId, r.region, r.stage, r.error.message);
 * ```
 */
export async function fanOut<T>(options: FanOutOptions, task: FanOutTask<T> | URL): Promise<FanOutReport<T>> {
  // Loaded only for a run that uses threads: importing sessionfleet loads no worker pool.
  if (task instanceof URL || usesWorkers(options)) return (await import("./workers/pool.js")).fanOutOnWorkers(options, task, fanOut);
  const plan = planFanOut(await withSessionRegion(options), task as FanOutTask<unknown>);
  const started = performance.now();
  await preflight(plan);
  const { execute, buildReport, recordsInOrder } = await engine();
  const blocks: Array<Array<FanOutRecord<T> | undefined>> = [];
  await execute(plan, task, {
    size(unit, count) {
      blocks[unit] = new Array<FanOutRecord<T> | undefined>(count);
    },
    put(record, unit, position) {
      const block = blocks[unit];
      if (!block || block[position] !== undefined) throw new Error(`fan-out defect: record ${unit}/${position} written twice or unannounced`);
      block[position] = record;
    },
  });
  return buildReport(recordsInOrder(blocks), Math.round(performance.now() - started));
}

/**
 * The engine and its report, loaded by the first run rather than by `import("sessionfleet")`
 * (issue 23's import goal): validating options needs only options.ts.
 */
async function engine(): Promise<typeof Engine & typeof Report> {
  const [run, report] = await Promise.all([import("./engine.js"), import("./report.js")]);
  return { ...run, ...report };
}

/** True when the options ask for worker threads. */
function usesWorkers(options: FanOutOptions): boolean {
  return options !== null && typeof options === "object" && (options as { workers?: unknown }).workers !== undefined;
}

/**
 * Like {@link fanOut}, but yields each record as it finishes. At most about `concurrency`
 * records wait for the consumer; while they do, no new targets start. Leaving the loop early
 * cancels the rest of the run. Options are validated when this is called.
 *
 * @example
 * ```ts
 * for await (const r of fanOutStream({ session: base, accounts: ["111111111111"], roles: "Audit", regions: "all" }, task)) {
 *   console.log(r.accountId, r.region, r.ok ? r.value : r.error.code);
 * }
 * ```
 */
export function fanOutStream<T>(options: FanOutOptions, task: FanOutTask<T>): AsyncGenerator<FanOutRecord<T>, void, undefined> {
  if (usesWorkers(options) || (task as unknown) instanceof URL) throw invalidInput("workers", (options as { workers?: unknown }).workers, "fanOut (fanOutStream runs a function task on the main thread)");
  // Validated now; a session whose region is only in its profile is re-planned with that region
  // (read from the config files) when the stream starts.
  let plan = planUnlessRegionUnknown(options, task as FanOutTask<unknown>);
  return (async function* stream(): AsyncGenerator<FanOutRecord<T>, void, undefined> {
    if (plan === undefined) plan = planFanOut(await withSessionRegion(options), task as FanOutTask<unknown>);
    const channel = new Channel<FanOutRecord<T>>(plan.concurrency);
    await preflight(plan);
    const { execute } = await engine();
    const stop = new AbortController();
    let finished = false;
    const run = execute(plan, task, { size() {}, put: (record) => channel.push(record) }, stop.signal).then(
      () => channel.close(),
      (error: unknown) => channel.close({ error }),
    ).finally(() => (finished = true));
    try {
      yield* channel;
    } finally {
      if (!finished) {
        stop.abort();
        channel.abandon();
      }
      await run;
    }
  })();
}

function planUnlessRegionUnknown(options: FanOutOptions, task: FanOutTask<unknown>): FanOutPlan | undefined {
  const session = (options as Partial<FanOutOptions> | null | undefined)?.session;
  if (session === null || typeof session !== "object" || session.region !== undefined) return planFanOut(options, task);
  // Every option is still checked now; only what needs the region waits for it.
  planFanOut(options, task, true);
  return undefined;
}
