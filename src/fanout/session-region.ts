// The fan-out's home region comes from the same chain as every client's: explicit, AWS_REGION,
// AWS_DEFAULT_REGION, then the profile's `region` in the shared config files (issue 12 A.1).
// `session.region` only knows the first three without reading files, so a session whose region
// lives in its profile is resolved here, once, before the run is planned. With no region
// anywhere but a listed `regions`, the first listed region is the home one: STS (AssumeRole) and
// discovery go there (issue 20 B4), as the AWS CLI's `--region` would send them.
import { FleetError } from "../errors.js";
import type { FanOutOptions } from "./types.js";

/** `options` with its session bound to the resolved region; unchanged when no region is known. */
export async function withSessionRegion(options: FanOutOptions): Promise<FanOutOptions> {
  const session = (options as Partial<FanOutOptions> | null | undefined)?.session as Partial<FanOutOptions["session"]> | null | undefined;
  if (session === null || typeof session !== "object" || session.region !== undefined) return options;
  if (typeof session.resolveRegion !== "function" || typeof session.withRegion !== "function") return options;
  let region: string;
  try {
    region = await session.resolveRegion();
  } catch (error) {
    if (!(error instanceof FleetError && error.code === "ERR_NO_REGION")) throw error;
    const listed = (options as { regions?: unknown }).regions;
    const first: unknown = Array.isArray(listed) ? listed[0] : undefined;
    // No region anywhere and none listed: the plan says whether the run needs one (ERR_NO_REGION) or
    // not; but a profile that is not there at all is what to fix (session-options.ts profileRegion).
    if (typeof first !== "string") {
      if (error.option === "profile") throw error;
      return options;
    }
    region = first;
  }
  return { ...options, session: session.withRegion(region) };
}
