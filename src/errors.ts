import { classifyError, type ErrorFacts, type FleetErrorKind } from "./errors-classify.js";

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

/** Quotes a user-supplied value for an error message: short, one line, no control characters. */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  else if (value === undefined) text = "undefined";
  else if (typeof value === "number" && !Number.isFinite(value)) text = String(value);
  else if (typeof value === "function") text = "a function";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
    if (text.length > 80) text = `${text.slice(0, 77)}...`;
  }
  return text;
}

/**
 * SDK service exceptions keep the raw HTTP response as a hidden, read-only `$response` whose body
 * stream still references its socket and the signed request headers (the access key id in
 * `Authorization`). An error we keep as a cause may be logged or inspected anywhere, so the raw
 * body is cut loose; status, headers and `$metadata` (request id, attempts) stay.
 */
function detachRawResponse(cause: unknown): unknown {
  const response = cause !== null && typeof cause === "object" ? (cause as { $response?: unknown }).$response : undefined;
  if (response !== null && typeof response === "object" && "body" in response) {
    try {
      (response as { body: unknown }).body = undefined;
    } catch {
      // A frozen response keeps its body; nothing else holds the socket.
    }
  }
  return cause;
}
