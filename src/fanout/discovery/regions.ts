// Regions of an account: Account ListRegions, or EC2 DescribeRegions when the Account API is
// refused or not there. Only regions of the session's partition are kept.
import type { RegionOptStatus } from "@aws-sdk/client-account";
import { FleetError, invalidInput } from "../../errors.js";
import { partitionOf } from "../../partitions.js";
import type { CredentialSession } from "../../session.js";
import { checkOptionsObject } from "../../validate.js";
import { checkCallTimeout, describeError, discoveryError, listOf, pages, withDeadline, type PageOptions } from "./calls.js";
import { sdkRequire } from "../../sdk-require.js";
import type * as Ec2 from "@aws-sdk/client-ec2";
import type * as Account from "@aws-sdk/client-account";

/** A region of an account and whether it can be used. */
export interface RegionInfo {
  region: string;
  optIn: "enabled" | "not-opted-in" | "opt-in-not-required";
}

/** Options of {@link listRegions}. */
export interface ListRegionsOptions {
  /** `"enabled"` (default): regions the account can use; `"all"`: every region with its opt-in state. */
  include?: "enabled" | "all";
  /** Deadline of each request (each page), in ms; default 30000. A request past it fails with `ERR_TIMEOUT`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The implementation of `listRegions`; its documentation is on the export (src/lazy-api.ts). */
export async function listRegions(session: CredentialSession, options: ListRegionsOptions = {}): Promise<RegionInfo[]> {
  const o = checkOptionsObject(options, "options", ["include", "timeoutMs", "signal"]);
  const include = o.include ?? "enabled";
  if (include !== "enabled" && include !== "all") throw invalidInput("include", include, "\"enabled\" or \"all\"");
  const paging: PageOptions = { timeoutMs: checkCallTimeout(o.timeoutMs), signal: options.signal };
  let regions: RegionInfo[];
  try {
    regions = await regionsFromAccount(session, include, paging);
  } catch (accountError) {
    if (paging.signal?.aborted || !isRefusedOrMissing(accountError)) throw discoveryError(accountError, paging.signal, "Listing regions with Account ListRegions failed");
    try {
      regions = await regionsFromEc2(session, include, paging);
    } catch (ec2Error) {
      throw discoveryError(ec2Error, paging.signal, `Listing regions failed: Account ListRegions said ${describeError(accountError)}, EC2 DescribeRegions said`);
    }
  }
  return ownPartition(session, regions).sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

// Error codes that mean "this API is not for you here": ListRegions's documented AccessDeniedException
// (https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html), the query-protocol
// AccessDenied, and what a server without the operation answers (UnknownOperationException for
// JSON protocols, InvalidAction for query ones). An HTTP 404 says the same, and so does an HTTP 501
// Not Implemented (RFC 9110 section 15.6.2; what an emulator such as LocalStack answers for a
// service it does not emulate), and a host name that does not resolve (a partition without the
// Account API has no such endpoint).
const REFUSED = new Set(["AccessDeniedException", "AccessDenied", "UnknownOperationException", "InvalidAction", "NotFoundException"]);

function isRefusedOrMissing(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof FleetError) return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return status === 404 || status === 501 || REFUSED.has(error.name) || (error as { code?: unknown }).code === "ENOTFOUND";
}

async function regionsFromAccount(session: CredentialSession, include: "enabled" | "all", paging: PageOptions): Promise<RegionInfo[]> {
  const { AccountClient, ListRegionsCommand } = sdkRequire("@aws-sdk/client-account") as typeof Account;
  const client = session.client(AccountClient);
  const filter = include === "enabled" ? { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] as RegionOptStatus[] } : {};
  const regions: RegionInfo[] = [];
  const what = "Account ListRegions";
  for await (const page of pages(what, paging, (NextToken, abortSignal) => client.send(new ListRegionsCommand({ ...filter, NextToken }), { abortSignal }))) {
    for (const r of listOf(page.Regions, what, "Regions")) {
      if (r.RegionName === undefined) continue;
      const optIn = r.RegionOptStatus === "ENABLED_BY_DEFAULT" ? "opt-in-not-required" : r.RegionOptStatus === "ENABLED" || r.RegionOptStatus === "DISABLING" ? "enabled" : "not-opted-in";
      if (include === "all" || optIn !== "not-opted-in") regions.push({ region: r.RegionName, optIn });
    }
  }
  return regions;
}

async function regionsFromEc2(session: CredentialSession, include: "enabled" | "all", paging: PageOptions): Promise<RegionInfo[]> {
  // Loaded lazily: client-ec2 is large and only needed when the Account API is refused.
  const { EC2Client, DescribeRegionsCommand } = sdkRequire("@aws-sdk/client-ec2") as typeof Ec2;
  const what = "EC2 DescribeRegions";
  const out = await withDeadline(what, paging.timeoutMs, paging.signal, (abortSignal) =>
    session.client(EC2Client).send(new DescribeRegionsCommand({ AllRegions: include === "all" }), { abortSignal }));
  const regions: RegionInfo[] = [];
  for (const r of listOf(out.Regions, what, "Regions")) {
    if (r.RegionName === undefined) continue;
    const optIn = r.OptInStatus === "opted-in" ? "enabled" : r.OptInStatus === "not-opted-in" ? "not-opted-in" : "opt-in-not-required";
    if (include === "all" || optIn !== "not-opted-in") regions.push({ region: r.RegionName, optIn });
  }
  return regions;
}

const warned = new Set<string>();

/**
 * Drops regions of other partitions: EC2 answers only for its own partition, but an emulator may
 * list every region it knows, and a target there could never be reached with these credentials.
 * A region the SDK does not know is kept (its target fails as `discover`, naming it).
 */
function ownPartition(session: CredentialSession, regions: RegionInfo[]): RegionInfo[] {
  const home = session.region === undefined ? undefined : partitionOrUndefined(session.region);
  if (home === undefined) return regions;
  const dropped: string[] = [];
  const kept = regions.filter((r) => {
    const partition = partitionOrUndefined(r.region);
    if (partition === undefined || partition === home) return true;
    dropped.push(r.region);
    return false;
  });
  if (dropped.length > 0) {
    const message = `Region listing named regions outside partition "${home}", left out: ${dropped.sort().join(", ")}.`;
    // Once per distinct message: a fan-out lists regions once per account.
    if (!warned.has(message)) {
      warned.add(message);
      process.emitWarning(message, { code: "SESSIONFLEET_FOREIGN_REGIONS" });
    }
  }
  return kept;
}

function partitionOrUndefined(region: string): string | undefined {
  try {
    return partitionOf(region);
  } catch {
    return undefined;
  }
}
