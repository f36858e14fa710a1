// The wire side of discovery: every request has a deadline and obeys the caller's signal, paging
// stops on a NextToken seen before (or after MAX_DISCOVERY_PAGES new ones), and an answer without
// its list is a failure, never "none".
import { FleetError, messageOf } from "../../errors.js";
import { checkPositiveInteger } from "../../validate.js";

/** Deadline of each discovery request when neither the caller nor the fan-out gives one. */
export const DEFAULT_DISCOVERY_CALL_MS = 30_000;
const MAX_TIMER_MS = 2_147_483_647;

/** The `timeoutMs` option of a discovery function, validated. */
export function checkCallTimeout(value: unknown): number {
  return value === undefined ? DEFAULT_DISCOVERY_CALL_MS : checkPositiveInteger(value, "timeoutMs", MAX_TIMER_MS);
}

/**
 * Runs one request with a signal that aborts when the caller's does or after `timeoutMs`. Settles
 * at that moment even if the request ignores its signal (a hung server holds nothing).
 */
export async function withDeadline<T>(what: string, timeoutMs: number, signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new FleetError("ERR_TIMEOUT", `${what} did not answer within ${timeoutMs} ms.`, { stage: "discover" }));
  }, timeoutMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  try {
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), aborted]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * A service that answers without its list, or pages forever, misbehaved (or something in front of
 * it did): kind server, whose advice names the endpoint and a proxy; asking again gives the same.
 */
const MISBEHAVED = { kind: "server", retryable: false } as const;

/** Paging options: each page's deadline and the caller's signal. */
export interface PageOptions {
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/**
 * Most pages one discovery listing may take: 200,000 accounts at Organizations ListAccounts' 20 a
 * page, far above any real organisation or region list. AWS Organizations API Reference,
 * ListAccounts: MaxResults "Valid Range: Minimum value of 1. Maximum value of 20", and a page may
 * be empty while NextToken says there is more, so pages are counted, not accounts.
 */
export const MAX_DISCOVERY_PAGES = 10_000;

/**
 * Every page of a `NextToken` listing. A token that comes back a second time would page forever
 * (the SDK's paginators only stop on one repeated at once, and only when asked), and so would a
 * new token on every page: either ends the listing as an ERR_DISCOVERY instead.
 */
export async function* pages<P extends { NextToken?: string | undefined }>(what: string, options: PageOptions, fetch: (token: string | undefined, signal: AbortSignal) => Promise<P>, maxPages = MAX_DISCOVERY_PAGES): AsyncGenerator<P> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    if (seen.size >= maxPages) {
      throw new FleetError("ERR_DISCOVERY", `${what} was still handing out new NextTokens after ${maxPages} pages; stopped instead of paging forever.`, { stage: "discover", facts: MISBEHAVED });
    }
    const current = token;
    const page = await withDeadline(what, options.timeoutMs, options.signal, (signal) => fetch(current, signal));
    yield page;
    token = page.NextToken === "" ? undefined : page.NextToken;
    if (token !== undefined) {
      if (seen.has(token)) {
        throw new FleetError("ERR_DISCOVERY", `${what} returned a NextToken it had already returned, after ${seen.size + 1} pages; stopped instead of paging forever.`, { stage: "discover", facts: MISBEHAVED });
      }
      seen.add(token);
    }
  } while (token !== undefined);
}

/** The list of an answer, or ERR_DISCOVERY when the answer has none (an empty list is fine). */
export function listOf<T>(list: T[] | undefined, what: string, key: string): T[] {
  if (Array.isArray(list)) return list;
  throw new FleetError("ERR_DISCOVERY", `${what} answered without its ${key} list; treating it as a failure rather than as "none".`, { stage: "discover", facts: MISBEHAVED });
}

/** ERR_DISCOVERY (ERR_TIMEOUT for a deadline) with the cause, or the abort reason when the caller's signal ended the call. */
export function discoveryError(error: unknown, signal: AbortSignal | undefined, message: string): FleetError {
  if (signal?.aborted) {
    return signal.reason instanceof FleetError ? signal.reason : new FleetError("ERR_CANCELLED", `${message}: cancelled.`, { cause: signal.reason, stage: "cancelled" });
  }
  const code = error instanceof FleetError && error.code === "ERR_TIMEOUT" ? "ERR_TIMEOUT" : "ERR_DISCOVERY";
  return new FleetError(code, `${message}: ${describeError(error)}`, { cause: error, stage: "discover" });
}

/** `Name: message` of an error (its name is the AWS error code for SDK errors). */
export function describeError(error: unknown): string {
  if (error instanceof FleetError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return messageOf(error);
}
