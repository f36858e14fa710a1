// What kind of trouble an error is, read from the SDK error it wraps: one table of rules, first
// match wins. The throttling, transient and server tests are the SDK's own (the retry strategy
// decides with them), so "retryable" here means what the SDK would have retried.
// Sources: @smithy/core/retry service-error-classification (isThrottlingError, isTransientError,
// isServerError and their code lists); @smithy/types MetadataBearer ($metadata.httpStatusCode,
// requestId, attempts) and SmithyException ($fault, $retryable).
import type * as Retry from "@smithy/core/retry";
import type { SdkError } from "@smithy/types";
import { isExpiredCredentialError } from "./credentials/expired-retry.js";
import { sdkRequire } from "./sdk-require.js";

// Loaded on first use: `sessionfleet --help` (which imports this through errors.ts) loads no SDK
// package, and an error with nothing of the SDK about it never needs them.
let retry: typeof Retry | undefined;
const smithy = <K extends "isServerError" | "isThrottlingError" | "isTransientError">(name: K) => (e: ErrorShape): boolean => {
  if (e.name === undefined && e.$metadata === undefined) return false;
  retry ??= sdkRequire("@smithy/core/retry") as typeof Retry;
  return retry[name](e as SdkError);
};
const isServerError = smithy("isServerError");
const isThrottlingError = smithy("isThrottlingError");
const isTransientError = smithy("isTransientError");

/** What kind of trouble a failure is, and so what a person can do about it (see docs/errors.md). */
export type FleetErrorKind =
  | "throttled" | "access-denied" | "not-found" | "expired-credentials" | "invalid-request"
  | "network" | "timeout" | "server" | "cancelled" | "config" | "unknown";

/** The printable facts of a failure. */
export interface ErrorFacts {
  kind: FleetErrorKind;
  retryable: boolean;
  httpStatus?: number;
  awsCode?: string;
  requestId?: string;
  attempts?: number;
}

/** What is read of an SDK (or Node) error; every field may be missing. */
type ErrorShape = Partial<SdkError> & { name?: string; code?: string; message?: string; Code?: string; cause?: unknown };

type Rule = [FleetErrorKind, (e: ErrorShape, status: number | undefined, fleetCode: string | undefined) => boolean];

// Codes that ended the run or the target before any AWS error existed.
const CODE_KINDS: Record<string, FleetErrorKind> = {
  ERR_TIMEOUT: "timeout", ERR_CANCELLED: "cancelled", ERR_NO_REGION: "config", ERR_NO_CREDENTIALS: "config", ERR_INVALID_INPUT: "invalid-request",
};
// AWS codes for "you may not": STS/IAM AccessDenied, EC2 UnauthorizedOperation/AuthFailure, unknown or
// disabled-region keys (InvalidClientTokenId, UnrecognizedClientException), bad signatures.
const DENIED = /^(?:AccessDenied(?:Exception)?|UnauthorizedOperation|AuthFailure|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidSignatureException|Forbidden|MissingAuthenticationToken(?:Exception)?|AWSOrganizationsNotInUseException)$/;
// "No such thing": *NotFound(Exception), NoSuchEntity, and operations the endpoint does not serve.
const MISSING = /(?:NotFound(?:Exception|Fault)?|^NoSuch\w+|^InvalidAction|^UnknownOperation(?:Exception)?)$/;
const TIMEOUTS = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "ETIMEDOUT"]);
// ERR_PROXY_TUNNEL: the HTTP proxy refused the CONNECT tunnel (connections/proxy.ts).
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ERR_HTTP2_STREAM_ERROR", "ERR_PROXY_TUNNEL"]);
// TLS: the endpoint's certificate is not trusted (Node's tls codes, from OpenSSL's X509_V_ERR_*
// names, and ERR_TLS_CERT_ALTNAME_INVALID). Trouble on the path (a proxy re-signing TLS, a wrong
// endpoint), and a retry gets the same certificate.
const TLS_UNTRUSTED = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_UNTRUSTED", "CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID", "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE", "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const CONFIG_ERRORS = new Set(["CredentialsProviderError", "TokenProviderError"]);

/** The table: the first rule that matches names the kind. */
const RULES: Rule[] = [
  ["cancelled", (e, _s, code) => code === "ERR_CANCELLED" || e.name === "AbortError"],
  // Before timeouts: the SDK names a reset socket "TimeoutError" but keeps its code (ECONNRESET).
  ["network", (e) => NETWORK.has(e.code ?? "") || NETWORK.has(e.name ?? "") || TLS_UNTRUSTED.has(e.code ?? "")],
  ["timeout", (e, _s, code) => code === "ERR_TIMEOUT" || TIMEOUTS.has(e.name ?? "") || TIMEOUTS.has(e.code ?? "")],
  ["expired-credentials", (e) => isExpiredCredentialError(e) || /\b(?:SSO session|token)\b.*\bexpired\b/i.test(e.message ?? "")],
  // No credentials is a configuration problem unless an AWS service answered (then its answer decides).
  ["config", (e, _s, code) => code === "ERR_NO_REGION" || CONFIG_ERRORS.has(e.name ?? "") || (code === "ERR_NO_CREDENTIALS" && e.$metadata === undefined)],
  ["throttled", (e) => isThrottlingError(e)],
  // A proxy's or load balancer's own page (response-check.ts) is trouble on the path to AWS, whatever
  // its status: a WAF's HTML 403 has not asked IAM, and its 404 knows nothing of AWS's resources.
  ["server", (e) => e.name === "NonAwsResponse"],
  ["access-denied", (e, status) => DENIED.test(awsCodeOf(e) ?? "") || status === 403],
  ["not-found", (e, status) => MISSING.test(awsCodeOf(e) ?? "") || status === 404],
  // A 2xx that still failed is an answer that could not be read (the SDK's deserializer gives a
  // parse error the response's status: @smithy/core/serde deserializerMiddleware).
  ["server", (e, status) => isServerError(e) || e.$fault === "server" || (status !== undefined && (status >= 500 || status < 300))],
  ["invalid-request", (e, status, code) => code === "ERR_INVALID_INPUT" || e.$fault === "client" || (status !== undefined && status >= 400)],
];

/**
 * The facts of `error` (a FleetError's `code` is given as `fleetCode`). A cause that already has
 * facts (a FleetError wrapped again) passes them on; otherwise the first SDK-looking error in
 * the cause chain is read.
 */
export function classifyError(cause: unknown, fleetCode?: string): ErrorFacts {
  const inherited = factsOf(cause);
  if (inherited !== undefined && (fleetCode === undefined || !(fleetCode in CODE_KINDS) || fleetCode === "ERR_NO_CREDENTIALS")) return inherited;
  const sdk = sdkErrorIn(cause) ?? ({} as ErrorShape);
  const status = sdk.$metadata?.httpStatusCode;
  const kind = RULES.find(([, test]) => test(sdk, status, fleetCode))?.[0] ?? "unknown";
  const awsCode = awsCodeOf(sdk);
  const facts: ErrorFacts = { kind, retryable: retryable(kind, sdk) };
  if (status !== undefined) facts.httpStatus = status;
  if (awsCode !== undefined) facts.awsCode = awsCode;
  if (sdk.$metadata?.requestId !== undefined) facts.requestId = sdk.$metadata.requestId;
  if (sdk.$metadata?.attempts !== undefined) facts.attempts = sdk.$metadata.attempts;
  return facts;
}

function retryable(kind: FleetErrorKind, e: ErrorShape): boolean {
  if (TLS_UNTRUSTED.has(e.code ?? "")) return false;
  if (kind === "timeout" || kind === "network" || kind === "throttled") return true;
  if (kind === "cancelled" || kind === "config" || kind === "access-denied") return false;
  if (e.name === undefined && e.$metadata === undefined) return false;
  return isTransientError(e) || isServerError(e);
}

/** The service's error code: the SDK names the exception after it (`Code` for unmodelled errors). */
function awsCodeOf(e: ErrorShape): string | undefined {
  const named = typeof e.Code === "string" ? e.Code : e.name;
  // Only a service's answer has a code; a reset or refused socket has none.
  if (named === undefined || (e.$fault === undefined && e.$metadata?.httpStatusCode === undefined)) return undefined;
  if (named === "Error" || named === "SyntaxError" || named === "TypeError" || named === "Unknown" || named === "NonAwsResponse") return undefined;
  return named;
}

function factsOf(value: unknown): ErrorFacts | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Partial<ErrorFacts>;
  if (typeof v.kind !== "string" || typeof v.retryable !== "boolean") return undefined;
  const facts: ErrorFacts = { kind: v.kind, retryable: v.retryable };
  for (const key of ["httpStatus", "awsCode", "requestId", "attempts"] as const) if (v[key] !== undefined) (facts as unknown as Record<string, unknown>)[key] = v[key];
  return facts;
}

/** The first error in the chain that carries SDK metadata, or a Node error code, or the head. */
function sdkErrorIn(cause: unknown): ErrorShape | undefined {
  let head: ErrorShape | undefined;
  let current = cause;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const e = current as ErrorShape;
    head ??= e;
    if (e.$metadata !== undefined || e.$fault !== undefined || (typeof e.code === "string" && !e.code.startsWith("ERR_") && e.name !== "FleetError")) return e;
    if (e.name !== undefined && e.name !== "FleetError" && e.name !== "Error") return e;
    current = e.cause;
  }
  return head;
}
