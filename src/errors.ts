import { classifyError, type ErrorFacts, type FleetErrorKind } from "./errors-classify.js";
import { scrubBodyWords } from "./body-words.js";

export type { FleetErrorKind } from "./errors-classify.js";

/** Stable error codes. Scripts and the CLI branch on these, never on messages. */
export type FleetErrorCode =
  | "ERR_INVALID_INPUT"
  | "ERR_NO_CREDENTIALS"
  | "ERR_NO_REGION"
  | "ERR_ASSUME_ROLE"
  | "ERR_DISCOVERY"
  | "ERR_TASK"
  | "ERR_TIMEOUT"
  | "ERR_CANCELLED";

/** The stage of a fan-out target in which a failure happened. */
export type FleetStage = "discover" | "assume-role" | "task" | "timeout" | "cancelled";

/** Where a {@link FleetError} happened, when known. */
export interface FleetErrorContext {
  cause?: unknown;
  accountId?: string;
  region?: string;
  roleArn?: string;
  stage?: FleetStage;
  /** For `ERR_INVALID_INPUT`: the option that was wrong, e.g. `"regions[1]"`. */
  option?: string;
  /** For aggregate errors (`report.throwIfFailed()`): the individual failures. */
  errors?: readonly FleetError[];
  /** Overrides of what would be read from `cause` (e.g. a response that was not AWS's). */
  facts?: Partial<ErrorFacts>;
}

/**
 * The one error class sessionfleet throws or records. `code` is stable; `message` quotes the
 * bad value and says what would be valid, but never contains a secret.
 *
 * @example
 * ```ts
 * import { CredentialSession, FleetError } from "sessionfleet";
 * try {
 *   new CredentialSession({ region: "us-moon-9" });
 * } catch (error) {
 *   if (error instanceof FleetError && error.code === "ERR_INVALID_INPUT") console.error(error.message);
 * }
 * ```
 */
export class FleetError extends Error {
  override readonly name = "FleetError";
  /** Stable code to branch on. */
  readonly code: FleetErrorCode;
  /** The account of the failed target, when known. */
  readonly accountId?: string;
  /** The region of the failed target, when known. */
  readonly region?: string;
  /** The role the failed target assumed, when it assumed one. */
  readonly roleArn?: string;
  /** The fan-out stage that failed. */
  readonly stage?: FleetStage;
  /** For `ERR_INVALID_INPUT`: the option that was wrong. */
  readonly option?: string;
  /** For `report.throwIfFailed()`: every failure of the run. */
  readonly errors?: readonly FleetError[];
  /** What kind of trouble this is; see docs/errors.md for what to do about each. */
  readonly kind: FleetErrorKind;
  /** Whether trying again later may succeed (throttling, timeouts, 5xx, resets). */
  readonly retryable: boolean;
  /** The HTTP status of the AWS answer behind the failure, when there was one. */
  readonly httpStatus?: number;
  /** The service's error code, e.g. `"AccessDenied"`, `"Throttling"`. */
  readonly awsCode?: string;
  /** The AWS request id of the failed call, for AWS support. */
  readonly requestId?: string;
  /** How many attempts the SDK made (retries included). */
  readonly attempts?: number;

  constructor(code: FleetErrorCode, message: string, context: FleetErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: detachRawResponse(context.cause) });
    this.code = code;
    if (context.accountId !== undefined) this.accountId = context.accountId;
    if (context.region !== undefined) this.region = context.region;
    if (context.roleArn !== undefined) this.roleArn = context.roleArn;
    if (context.stage !== undefined) this.stage = context.stage;
    if (context.option !== undefined) this.option = context.option;
    if (context.errors !== undefined) this.errors = context.errors;
    const facts = { ...classifyError(context.cause, code), ...context.facts };
    this.kind = facts.kind;
    this.retryable = facts.retryable;
    if (facts.httpStatus !== undefined) this.httpStatus = facts.httpStatus;
    if (facts.awsCode !== undefined) this.awsCode = facts.awsCode;
    if (facts.requestId !== undefined) this.requestId = facts.requestId;
    if (facts.attempts !== undefined) this.attempts = facts.attempts;
  }

  /** A plain, secret-free shape for logs and JSON output. */
  toJSON(): { name: string; code: FleetErrorCode; message: string; kind: FleetErrorKind; retryable: boolean; httpStatus?: number; awsCode?: string; requestId?: string; attempts?: number; accountId?: string; region?: string; roleArn?: string; stage?: FleetStage; option?: string; cause?: { name: string; message: string } } {
    const cause = this.cause instanceof Error ? { name: this.cause.name, message: this.cause.message } : undefined;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      kind: this.kind,
      retryable: this.retryable,
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
      ...(this.awsCode !== undefined && { awsCode: this.awsCode }),
      ...(this.requestId !== undefined && { requestId: this.requestId }),
      ...(this.attempts !== undefined && { attempts: this.attempts }),
      ...(this.accountId !== undefined && { accountId: this.accountId }),
      ...(this.region !== undefined && { region: this.region }),
      ...(this.roleArn !== undefined && { roleArn: this.roleArn }),
      ...(this.stage !== undefined && { stage: this.stage }),
      ...(this.option !== undefined && { option: this.option }),
      ...(cause !== undefined && { cause }),
    };
  }
}

/** The message of a thrown value, for wrapping or printing it. */
export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === "string") return value;
  return String(value);
}

/** Shorthand for the most common error: an option with a bad value. */
export function invalidInput(option: string, value: unknown, expected: string): FleetError {
  return new FleetError("ERR_INVALID_INPUT", `Invalid ${option}: ${quote(value)}; expected ${expected}.`, { option });
}

/**
 * Quotes a user-supplied value for an error message: short, one line, no control characters.
 * Strings and numbers are quoted (with anything shaped like an AWS access key id masked); an
 * object or array never is, since it may be credentials given to the wrong option: it is named
 * by its type and keys instead (see {@link describeValue}).
 */
export function quote(value: unknown): string {
  if (typeof value === "string") {
    const masked = value.replace(KEY_ID_LIKE, (id) => `${id.slice(0, 4)}…${id.slice(-4)}`);
    return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 77)}...` : masked);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === undefined || value === null) return String(value);
  return describeValue(value);
}

// AWS access key ids: a 4-letter type prefix (AKIA long-term, ASIA temporary, …) and 12+ of [A-Z0-9].
const KEY_ID_LIKE = /\b(?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA|AGPA|ANPA|ANVA|APKA|ASCA)[A-Z0-9]{12,}/g;

/** A value named without its content: `a string of 12 characters`, `an array of 3`, `an object with keys a, b`. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `a string of ${value.length} characters`;
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : `an array of ${value.length}`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && /^[A-Za-z_$][\w$]{0,40}$/.test(name) ? `a ${name}` : "an object";
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "an empty object";
  const named = keys.slice(0, 6).map((k) => (/^[A-Za-z_$][\w$-]{0,39}$/.test(k) ? k.replace(KEY_ID_LIKE, "…") : "…"));
  return `an object with key${keys.length === 1 ? "" : "s"} ${named.join(", ")}${keys.length > 6 ? `, … (${keys.length})` : ""}`;
}

/**
 * SDK errors keep what the server sent, hidden (non-enumerable) but shown by
 * `util.inspect(x, { showHidden: true })`: `$response` (the raw HTTP response, whose body stream
 * still references its socket and the signed request, and which holds the body text itself after
 * a failed parse) and, when a body could not be parsed, `$responseBodyText` (read-only and
 * non-configurable: it cannot be removed). A truncated AssumeRole answer carries the issued key id
 * and secret there. So a cause we keep is cleaned, through its whole `cause` chain:
 * - an error that holds the body text is replaced by a copy with its name, code, `$fault`,
 *   `$metadata` and prototype, whose message and stack lose every 12+ character word that also
 *   occurs in the body (a parser may quote the body), but for tag names and the words of the
 *   body's own error message that do not look like secrets (body-words.ts);
 * - any other error keeps its identity; its `$response` loses its body.
 * SDK sources: @smithy/core serde `deserializerMiddleware` (sets `$response`, copies
 * `$responseBodyText` into `$response.body`), @aws-sdk/core protocols `parseXmlBody` and the JSON
 * body parser (define `$responseBodyText`).
 */
export function detachRawResponse(cause: unknown, depth = 0): unknown {
  if (cause === null || typeof cause !== "object" || depth > 8) return cause;
  const error = cause as { $response?: unknown; $responseBodyText?: unknown; cause?: unknown };
  const bodyText = rawBodyText(error);
  const inner = "cause" in error ? detachRawResponse(error.cause, depth + 1) : undefined;
  if (bodyText !== undefined) return cleanCopy(cause, bodyText, inner);
  if (inner !== error.cause) {
    try {
      error.cause = inner;
    } catch {
      return cleanCopy(cause, "", inner);
    }
    if (error.cause !== inner) return cleanCopy(cause, "", inner);
  }
  const response = error.$response;
  if (response !== null && typeof response === "object" && "body" in response) {
    try {
      (response as { body: unknown }).body = undefined;
    } catch {
      // A frozen response keeps its body; nothing else holds the socket.
    }
  }
  return cause;
}

/** The raw body an SDK error kept, if any (as text). */
function rawBodyText(error: { $response?: unknown; $responseBodyText?: unknown }): string | undefined {
  if (typeof error.$responseBodyText === "string") return error.$responseBodyText;
  const body = error.$response !== null && typeof error.$response === "object" ? (error.$response as { body?: unknown }).body : undefined;
  return typeof body === "string" ? body : body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : undefined;
}

const KEPT_FIELDS = ["name", "code", "Code", "Type", "$fault", "$metadata", "$retryable"] as const;

/** A copy of an SDK error without what the server sent: see {@link detachRawResponse}. */
function cleanCopy(original: object, bodyText: string, cause: unknown): Error {
  // Tag names and the service's own message stay readable; values do not (see body-words.ts).
  const scrubBody = (text: string): string => scrubBodyWords(text, bodyText);
  const message = scrubBody(original instanceof Error ? original.message : String((original as { message?: unknown }).message ?? ""));
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  Object.setPrototypeOf(copy, Object.getPrototypeOf(original) as object | null);
  for (const field of KEPT_FIELDS) {
    const value = (original as Record<string, unknown>)[field];
    if (value !== undefined) Object.defineProperty(copy, field, { value, enumerable: field !== "name", writable: true, configurable: true });
  }
  const stack = original instanceof Error ? original.stack : undefined;
  if (stack !== undefined) Object.defineProperty(copy, "stack", { value: scrubBody(stack), writable: true, configurable: true });
  return copy;
}
