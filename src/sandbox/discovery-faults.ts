// Discovery answers that real servers (and emulators) give and the happy-path handlers never do:
// an Organizations endpoint that never answers, a NextToken that repeats forever, a 200 with no
// list, an EC2 DescribeRegions listing other partitions' regions, and an Account ListRegions that
// is throttled, refused or not implemented. Off unless `discoveryFaults` asks for one.
import { invalidInput } from "../errors.js";
import { checkOptionsObject } from "../validate.js";
import { ApiError, ec2Result, el, type Reply } from "./protocols.js";

/**
 * Discovery faults of a sandbox, one per service. Each mimics a documented behaviour:
 * - `organizations`: `"hang"` accepts ListAccounts / ListAccountsForParent / ListChildren and never
 *   answers; `"repeatToken"` answers every page with the same `NextToken` (the docs say to page
 *   until `NextToken` is null, https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html,
 *   so a server that always sends one keeps a naive loop going forever); `"noList"` answers 200
 *   `{}` without `Accounts` / `Children`.
 * - `account` (ListRegions, https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html):
 *   `"noList"` answers 200 `{}` without `Regions`; `"throttle"` answers `TooManyRequestsException`
 *   (HTTP 429), `"accessDenied"` `AccessDeniedException` (HTTP 403), as the API reference lists
 *   them; `"unknownOperation"` answers `UnknownOperationException` (HTTP 400, what JSON services and
 *   emulators send for an operation they do not implement); `"notFound"` an HTML 404 (an emulator
 *   without the Account API); `"notImplemented"` a 501 `InternalFailure`, what LocalStack answers
 *   for a service it does not emulate (HTTP 501 Not Implemented, RFC 9110 section 15.6.2).
 * - `ec2` (DescribeRegions, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html):
 *   `"noList"` answers 200 without `regionInfo`; `"otherPartitions"` adds `cn-north-1` and
 *   `us-gov-west-1` to the list (AWS lists only the regions of the endpoint's partition; some
 *   emulators list every region they know).
 */
export interface SandboxDiscoveryFaults {
  organizations?: "hang" | "repeatToken" | "noList";
  account?: "noList" | "throttle" | "accessDenied" | "unknownOperation" | "notFound" | "notImplemented";
  ec2?: "noList" | "otherPartitions";
}

const CHOICES = {
  organizations: ["hang", "repeatToken", "noList"],
  account: ["noList", "throttle", "accessDenied", "unknownOperation", "notFound", "notImplemented"],
  ec2: ["noList", "otherPartitions"],
} as const;

const LISTS: Record<string, string> = { ListAccounts: "Accounts", ListAccountsForParent: "Accounts", ListChildren: "Children", ListRegions: "Regions" };

/** Validates the `discoveryFaults` option. */
export function checkDiscoveryFaults(value: unknown): SandboxDiscoveryFaults {
  if (value == null) return {};
  const f = checkOptionsObject(value, "discoveryFaults", Object.keys(CHOICES));
  for (const [service, allowed] of Object.entries(CHOICES)) {
    const chosen = f[service];
    if (chosen !== undefined && !(allowed as readonly unknown[]).includes(chosen)) {
      throw invalidInput(`discoveryFaults.${service}`, chosen, `one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
    }
  }
  return f as SandboxDiscoveryFaults;
}

/** What a discovery fault does to a request: nothing, hang, answer this instead, or change the answer. */
export type DiscoveryFault = undefined | { hang: true } | { error: ApiError } | { reply: Reply } | { rewrite: (reply: Reply) => Reply; ignoreToken?: boolean };

/** The fault for one request, decided before its handler runs. */
export function discoveryFault(faults: SandboxDiscoveryFaults, service: string, action: string | undefined): DiscoveryFault {
  const list = action === undefined ? undefined : LISTS[action];
  if (service === "organizations" && list !== undefined) {
    switch (faults.organizations) {
      case "hang":
        return { hang: true };
      case "repeatToken":
        // The handler answers the first page whatever token came, and the answer names the same token.
        return { ignoreToken: true, rewrite: (reply) => jsonRewrite(reply, (body) => ({ ...body, NextToken: "sfbx-the-same-token-again" })) };
      case "noList":
        return { rewrite: (reply) => jsonRewrite(reply, (body) => withoutKey(body, list)) };
      default:
        return undefined;
    }
  }
  if (service === "account" && action === "ListRegions") {
    switch (faults.account) {
      case "noList":
        return { rewrite: (reply) => jsonRewrite(reply, (body) => withoutKey(body, "Regions")) };
      case "throttle":
        return { error: new ApiError("TooManyRequestsException", "Rate exceeded.", 429) };
      case "accessDenied":
        return { error: new ApiError("AccessDeniedException", "User is not authorized to perform: account:ListRegions", 403) };
      case "unknownOperation":
        return { error: new ApiError("UnknownOperationException", "The operation ListRegions is not supported.", 400) };
      case "notFound":
        return { reply: { status: 404, headers: { "content-type": "text/html" }, body: "<html><body><h1>404 Not Found</h1></body></html>" } };
      case "notImplemented":
        return { error: new ApiError("InternalFailure", "The API for service 'account' is either not included in your current license plan or has not yet been emulated.", 501) };
      default:
        return undefined;
    }
  }
  if (service === "ec2" && action === "DescribeRegions") {
    if (faults.ec2 === "noList") return { reply: ec2Result("DescribeRegions", "") };
    if (faults.ec2 === "otherPartitions") {
      const foreign = [["cn-north-1", "ec2.cn-north-1.amazonaws.com.cn"], ["us-gov-west-1", "ec2.us-gov-west-1.amazonaws.com"]]
        .map(([name, endpoint]) => `<item>${el("regionName", name)}${el("regionEndpoint", endpoint)}${el("optInStatus", "opt-in-not-required")}</item>`).join("");
      return { rewrite: (reply) => ({ ...reply, body: reply.body.replace("</regionInfo>", `${foreign}</regionInfo>`) }) };
    }
  }
  return undefined;
}

function jsonRewrite(reply: Reply, change: (body: Record<string, unknown>) => Record<string, unknown>): Reply {
  if (reply.status !== 200) return reply;
  return { ...reply, body: JSON.stringify(change(JSON.parse(reply.body) as Record<string, unknown>)) };
}

function withoutKey(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = body;
  return rest;
}
