// One request through the sandbox: count it, authenticate it, maybe fault it, answer it.
import type { IncomingMessage } from "node:http";
import { ApiError, commonError, errorReply, PROTOCOL, serverError, unknownAction, type Protocol, type Reply, type ServiceName } from "./protocols.js";
import { parseAuthorization, signatureMatches, type ParsedAuthorization } from "./sigv4.js";
import type { Identity } from "./credentials.js";
import { proxyReply, type FaultInjector } from "./faults.js";
import { discoveryFault } from "./discovery-faults.js";
import type { SandboxState, ServiceRequest } from "./state.js";
import { SERVICE_HANDLERS } from "./services/index.js";

/** What to do with the socket: write the reply, or drop the connection (an injected reset). */
export type Outcome = { reply: Reply } | { reset: true } | { hang: true };

const GLOBAL_SERVICES = new Set<string>(["organizations", "account"]);
const REST_JSON_ROUTES: Record<string, string> = { "POST /listRegions": "ListRegions" };

/** The part of a request known before authentication. */
export interface Received {
  req: IncomingMessage;
  body: Buffer;
}

/** A request as far as it is known before authentication; counted in the stats on receipt. */
export interface Incoming extends Received {
  auth: ParsedAuthorization | undefined;
  protocol: Protocol;
  params: URLSearchParams;
  action: string | undefined;
  identity: Identity | undefined;
  /** For STS AssumeRole: the account of the role asked for ("unknown" when the ARN is malformed). */
  roleAccount: string | undefined;
}

/** Decodes who is calling what, and counts the request. */
export function receive(state: SandboxState, received: Received): Incoming {
  const { req, body } = received;
  const auth = parseAuthorization(header(req, "authorization"));
  const service = auth?.service;
  const protocol: Protocol = service !== undefined && Object.hasOwn(PROTOCOL, service) ? PROTOCOL[service as ServiceName] : "query";
  const params = protocol === "query" || protocol === "ec2" ? formParams(req, body) : new URLSearchParams();
  const action = actionOf(protocol, req, params);
  const identity = auth === undefined ? undefined : state.credentials.lookup(auth.accessKeyId);
  state.stats.request(service ?? "unknown", action ?? "unknown", identity?.accountId ?? "unknown", auth?.region ?? "unknown");
  const roleAccount = service === "sts" && action === "AssumeRole" ? (/^arn:[^:]+:iam::(\d{12}):role\//.exec(params.get("RoleArn") ?? "")?.[1] ?? "unknown") : undefined;
  if (roleAccount !== undefined) state.stats.assumeRole(roleAccount);
  return { ...received, auth, protocol, params, action, identity, roleAccount };
}

/** Authenticates, maybe faults, and answers a received request. */
export async function respond(state: SandboxState, faults: FaultInjector, incoming: Incoming): Promise<Outcome> {
  const { req, body, auth, protocol, params, action, identity, roleAccount } = incoming;
  const fail = (error: ApiError): Outcome => {
    state.stats.error(error.code);
    return { reply: errorReply(protocol, error) };
  };
  if (auth === undefined) {
    state.stats.signatureFailure();
    return fail(commonError(protocol, "missingAuth", "Request is missing a valid AWS4-HMAC-SHA256 Authorization header."));
  }
  if (!Object.hasOwn(PROTOCOL, auth.service)) return fail(new ApiError("UnknownService", `The sandbox does not serve the service ${JSON.stringify(auth.service)}.`, 400));
  const serviceName = auth.service as ServiceName;
  if (identity === undefined) return fail(commonError(protocol, "unknownKey", "The security token included in the request is invalid."));
  if (state.checkSignatures && !(await signatureMatches({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body }, auth, identity.secretAccessKey))) {
    state.stats.signatureFailure();
    return fail(commonError(protocol, "badSignature", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."));
  }
  if (!state.credentials.tokenMatches(identity, header(req, "x-amz-security-token"))) return fail(commonError(protocol, "unknownKey", "The security token included in the request is invalid."));
  if (state.credentials.isExpired(identity)) return fail(commonError(protocol, "expired", "The security token included in the request is expired"));
  const account = state.org.accounts.get(identity.accountId);
  if (!GLOBAL_SERVICES.has(serviceName) && !account?.regions.has(auth.region)) {
    return fail(commonError(protocol, "regionDisabled", `The security token included in the request is invalid (region ${auth.region} is not enabled for account ${identity.accountId}).`));
  }

  // AssumeRole calls are all made by one caller; keying them by the role's account as well makes
  // a seed give each target account the same STS faults from run to run.
  const fault = faults.decide(serviceName, `${serviceName}:${action ?? ""}:${identity.accountId}:${auth.region}${roleAccount === undefined ? "" : `:${roleAccount}`}`);
  if (fault !== undefined) state.stats.fault(fault === "unavailable" ? "serverError" : fault);
  if (fault === "reset") return { reset: true };
  if (fault === "throttle") return fail(commonError(protocol, "throttle", "Rate exceeded"));
  if (fault === "serverError" || fault === "unavailable") return fail(serverError(protocol, fault === "unavailable"));
  if (fault === "htmlError" || fault === "emptyOk") return { reply: proxyReply(fault) };

  let input: Record<string, unknown> = {};
  if (protocol === "json" || protocol === "rest-json") {
    try {
      const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      input = parsed as Record<string, unknown>;
    } catch {
      return fail(new ApiError("SerializationException", "The request body is not a JSON object.", 400));
    }
  }
  const handler = SERVICE_HANDLERS[serviceName];
  // A REST route the sandbox lacks is named by method and path (boto3's GetRegionOptStatus is POST /getRegionOptStatus).
  if (action === undefined) return fail(unknownAction(protocol, protocol === "rest-json" ? `${req.method ?? "?"} ${(req.url ?? "/").split("?")[0]}` : "(none)"));
  const quirk = discoveryFault(state.discoveryFaults, serviceName, action);
  if (quirk !== undefined && "hang" in quirk) return quirk;
  if (quirk !== undefined && "error" in quirk) return fail(quirk.error);
  if (quirk !== undefined && "reply" in quirk) return { reply: quirk.reply };
  if (quirk?.ignoreToken) delete input.NextToken;
  const request: ServiceRequest = { service: serviceName, protocol, action, region: auth.region, caller: identity, params, input, state };
  try {
    const reply = handler(request);
    return { reply: quirk === undefined ? reply : quirk.rewrite(reply) };
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    return fail(serverError(protocol, false));
  }
}

function actionOf(protocol: Protocol, req: IncomingMessage, params: URLSearchParams): string | undefined {
  if (protocol === "json") return header(req, "x-amz-target")?.split(".").pop();
  if (protocol === "rest-json") return REST_JSON_ROUTES[`${req.method} ${(req.url ?? "/").split("?")[0]}`];
  return params.get("Action") ?? undefined;
}

function formParams(req: IncomingMessage, body: Buffer): URLSearchParams {
  const params = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
  if (body.length > 0 && (header(req, "content-type") ?? "").includes("x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params.append(k, v);
  }
  return params;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
