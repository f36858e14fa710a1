// One (account, role) unit: its child session, its credentials (one AssumeRole), its regions
// ("enabled" ones discovered first) and one target per region. The child is the run's own (no
// one else holds it) and is closed, with its clients, when the unit's last target ends.
import type { CredentialSession } from "../session.js";
import { unsharedChild } from "../unshared-child.js";
import type { Guarded } from "./abort.js";
import { codeFor, failAt, StageFailure, type RunContext } from "./context.js";
import { messageOf } from "../errors.js";
import { failureRecord, successRecord, targetError, type RecordPlace } from "./report.js";
import type { Unit } from "./targets.js";
import type { FanOutRecord, TaskContext } from "./types.js";
import { UnitCredentials } from "./unit-credentials.js";

/** Runs every target of a unit; writes exactly one record per target (or one for the unit). */
export async function runUnit<T>(ctx: RunContext<T>, unit: Unit, index: number): Promise<void> {
  const { plan } = ctx;
  if (ctx.control.cancelled) return cancelUnit(ctx, unit, index);
  // A child of the run's own, not the one the caller's assumeRole() caches: the caller, or another
  // run, may be using that one, and this run closes what it made.
  const child = unit.roleArn === undefined
    ? plan.session
    : unit.ssoRole !== undefined
    ? (await import("../credentials/sso-role.js")).ssoRoleSession(plan.session, { accountId: unit.accountId, roleName: unit.ssoRole, roleArn: unit.roleArn })
    : plan.session[unsharedChild]({ roleArn: unit.roleArn, ...plan.assume, ...(unit.externalId !== undefined && { externalId: unit.externalId }) });
  const credentials = new UnitCredentials(ctx, child, unit.roleArn !== undefined);
  try {
    const regions = unit.regions ?? (plan.regions.kind === "list" ? plan.regions.regions : await discoverRegions(ctx, unit, child, credentials, index));
    if (regions === undefined) return;
    ctx.out.size(index, regions.length);
    // Every target waits for the credentials outside any slot (the AssumeRole holds one), then
    // queues for its slots; a failed or timed-out AssumeRole fails them all at once.
    await Promise.all(regions.map((region, position) => runTarget(ctx, unit, child, credentials, region, index, position)));
  } finally {
    // Only children are ours to close; the caller's session serves the "own account" unit.
    if (unit.roleArn !== undefined) await child.close().catch(() => undefined);
  }
}

/** A unit opened after cancellation: its records, without making a child session. */
async function cancelUnit<T>(ctx: RunContext<T>, unit: Unit, index: number): Promise<void> {
  const regions = unit.regions ?? (ctx.plan.regions.kind === "list" ? ctx.plan.regions.regions : [""]);
  ctx.out.size(index, regions.length);
  const outcome = { ok: false, error: undefined, aborted: "cancelled", started: false, ms: 0 } as const;
  for (const [position, region] of regions.entries()) {
    await ctx.out.put(toRecord(ctx, placeOf(unit, region), outcome), index, position);
  }
}

/** One target: its wait for the credentials, then its task in its slots, on one clock. */
async function runTarget<T>(ctx: RunContext<T>, unit: Unit, child: CredentialSession, credentials: UnitCredentials, region: string, index: number, position: number): Promise<void> {
  const { accountId } = unit;
  const ready = await credentials.wait();
  // Cancelled while its role was being assumed: the target's task never started (a CLI that says
  // "finishing 0 running targets" must not then report targets cancelled "while running").
  const waited = !ready.ok && ready.aborted === "cancelled" ? { ...ready, started: false } : ready;
  if (!waited.ok) return ctx.out.put(toRecord(ctx, placeOf(unit, region), waited), index, position);
  await ctx.accountLimits.run(accountId, () => ctx.regionLimits.run(region, () => ctx.global(() => runTask(ctx, unit, child, region, index, position, ready.ms))));
}

async function runTask<T>(ctx: RunContext<T>, unit: Unit, child: CredentialSession, region: string, index: number, position: number, waitedMs: number): Promise<void> {
  const { accountId, roleArn } = unit;
  const outcome = await ctx.control.guard(ctx.plan.timeoutMs, async (signal) => {
    let session: CredentialSession;
    try {
      session = child.withRegion(region);
    } catch (error) {
      // A discovered region the installed SDK does not know.
      throw new StageFailure("discover", error);
    }
    const context: TaskContext = {
      session, accountId, region, signal,
      ...(unit.accountName !== undefined && { accountName: unit.accountName }), ...(roleArn !== undefined && { roleArn }),
    };
    // Whatever the task throws, synchronously or not, is its failure (toRecord: stage "task").
    return await ctx.task(context);
  }, waitedMs);
  ctx.lookahead?.ran(outcome.ms - waitedMs);
  // Written while still holding the slot, so a full stream buffer holds back new work.
  await ctx.out.put(toRecord(ctx, placeOf(unit, region), outcome), index, position);
}

/** `"enabled"` regions of the unit's account, listed with the unit's own credentials. */
async function discoverRegions<T>(ctx: RunContext<T>, unit: Unit, child: CredentialSession, credentials: UnitCredentials, index: number): Promise<readonly string[] | undefined> {
  const ready = await credentials.wait();
  const outcome = !ready.ok ? ready : await ctx.accountLimits.run(unit.accountId, () => ctx.global(() =>
    ctx.control.guard(ctx.plan.timeoutMs, (signal) => enabledRegions(ctx, unit.accountId, child, signal).catch(failAt("discover")), ready.ms)));
  if (outcome.ok) {
    ctx.progress.grow(outcome.value.length - 1);
    return outcome.value;
  }
  // Regions unknown: one record for the unit, with region "".
  ctx.out.size(index, 1);
  await ctx.out.put(toRecord(ctx, placeOf(unit, ""), outcome), index, 0);
  return undefined;
}

/** Listed once per account; a failed listing is retried by the account's next role. */
async function enabledRegions<T>(ctx: RunContext<T>, accountId: string, child: CredentialSession, signal: AbortSignal): Promise<readonly string[]> {
  const cached = ctx.enabledRegions.get(accountId);
  if (cached) {
    try {
      return await cached;
    } catch {
      // Fall through: list again with this role's credentials.
    }
  }
  // Set before any await: the account's other roles wait for this listing instead of making their own.
  const listing = import("./discovery/organization.js")
    .then(({ listRegions }) => listRegions(child, { include: "enabled", signal }))
    .then((regions) => regions.map((r) => r.region));
  listing.catch(() => undefined);
  ctx.enabledRegions.set(accountId, listing);
  return listing;
}

/** Where a unit's record for `region` belongs ("" when its regions are unknown). */
function placeOf(unit: Unit, region: string): RecordPlace {
  return { accountId: unit.accountId, accountName: unit.accountName, region, roleArn: unit.roleArn };
}

/** The record for a target (or a unit, or a discovery) from how its guarded work ended. */
export function toRecord<T>(ctx: RunContext<T>, place: RecordPlace, outcome: Guarded<T>): FanOutRecord<T> {
  if (outcome.ok) return successRecord(place, outcome.value, outcome.ms);
  if (outcome.aborted === "timeout") {
    return failureRecord(place, "timeout", targetError(place, "ERR_TIMEOUT", "timeout", `Timed out after ${ctx.plan.timeoutMs} ms`), outcome.ms);
  }
  if (outcome.aborted === "cancelled") {
    const message = outcome.started ? "Cancelled while running" : "Cancelled before it started";
    return failureRecord(place, "cancelled", targetError(place, "ERR_CANCELLED", "cancelled", message), outcome.ms);
  }
  const failure = outcome.error instanceof StageFailure ? outcome.error : new StageFailure("task", outcome.error);
  const { stage, cause } = failure;
  const message = stage === "task" ? `Task failed: ${messageOf(cause)}` : messageOf(cause);
  return failureRecord(place, stage, targetError(place, codeFor(stage, cause), stage, message, cause), outcome.ms);
}
