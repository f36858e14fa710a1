// The credentials of one (account, role) unit: fetched once per run (one AssumeRole) in a
// concurrency slot of its own under the run's deadline, and awaited by every target of the unit
// outside any slot. A fetch that times out or is cancelled is aborted on the wire (by closing the
// run's own child) before its slot is given back, so no STS call runs outside `concurrency`.
import type { CredentialSession } from "../session.js";
import type { Guarded } from "./abort.js";
import { failAt, type RunContext } from "./context.js";

/** The unit's credentials, fetched once by whichever target (or region listing) asks first. */
export class UnitCredentials {
  #fetch: Promise<Guarded<void>> | undefined;

  /** `owned`: the session is the run's own child, which may be closed to abort its STS call. */
  constructor(
    private readonly ctx: Pick<RunContext<unknown>, "plan" | "control" | "global" | "lookahead">,
    private readonly session: CredentialSession,
    private readonly owned: boolean,
  ) {}

  /**
   * Waits for the credentials (starting the fetch on the first call); never rejects. `ms` is this
   * caller's own wait, from when it began waiting or the fetch began, whichever is later: every
   * waiting target's clock covers the AssumeRole, not only the clock of the target that asked first.
   */
  async wait(): Promise<Guarded<void>> {
    const from = performance.now();
    const outcome = await (this.#fetch ??= this.#run());
    return { ...outcome, ms: Math.min(outcome.ms, Math.round(performance.now() - from)) };
  }

  #run(): Promise<Guarded<void>> {
    const { ctx, session } = this;
    return ctx.global(async () => {
      const ended = ctx.lookahead?.assuming();
      const outcome = await ctx.control.guard(ctx.plan.timeoutMs, async () => {
        await session.getCredentials().catch(failAt("assume-role"));
      });
      ended?.();
      // Abort an AssumeRole still on the wire while this slot is held. The caller's own session
      // (the no-role unit) is never closed: its credential load is the caller's.
      if (!outcome.ok && outcome.aborted !== undefined && this.owned) await session.close().catch(() => undefined);
      return outcome;
    });
  }
}
