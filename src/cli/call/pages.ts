// `call`'s result for one target: every page through the client package's own
// `paginate<Operation>` (when it has one), merged into one output, then `--query` applied.
import { FleetError } from "../../errors.js";
import type { SdkClientInstance, SdkOperation } from "./sdk-module.js";

/** How `call` pages and cuts its output. */
export interface CallPaging {
  /** Follow pages when the package has a paginator (default true; `--no-paginate` turns it off). */
  paginate: boolean;
  /** Stop once the merged lists hold this many items, and cut them to it (`--max-items`). */
  maxItems?: number;
  /** Fail rather than ask for more than this many pages (`--max-pages`; default {@link DEFAULT_MAX_PAGES}). */
  maxPages?: number;
}

/**
 * The most pages one target reads unless told otherwise. A service (or a proxy rewriting its
 * answers) that hands out a new token on every page never repeats one, and without a limit the
 * target paged, and kept every page, until the process ran out of memory. Legitimate listings can
 * hand out many pages, even empty ones (CloudWatch Logs FilterLogEvents), so the limit is generous
 * and `--max-pages` raises it; discovery's is the same (fanout/discovery/calls.ts).
 */
export const DEFAULT_MAX_PAGES = 10_000;

type Output = Record<string, unknown>;

/**
 * Runs the operation, following pages unless told not to, and returns the merged output without
 * `$metadata`. Merging follows the AWS CLI: lists are concatenated in page order; other fields
 * come from the last page, so the pagination token (absent on the last page) is gone.
 */
export async function callWithPages(operation: SdkOperation, client: SdkClientInstance, input: Record<string, unknown>, paging: CallPaging, signal: AbortSignal): Promise<Output> {
  if (!paging.paginate || operation.paginate === undefined) return withoutMetadata((await client.send(new operation.Command(input), { abortSignal: signal })) as Output);
  const pages: Output[] = [];
  let items = 0;
  // The SDK's paginator writes the page token into the input object it is given, so each call
  // gets its own copy (targets run at once). It would also follow a token the service repeats
  // for ever (stopOnSameToken is off by default, and only catches a token repeated at once), so
  // a request for a page asked for before ends the call.
  const asked = new Set<string>();
  const maxPages = paging.maxPages ?? DEFAULT_MAX_PAGES;
  const withCommand = (command: { input?: unknown }): undefined => {
    const key = JSON.stringify(command.input);
    if (asked.has(key)) throw new FleetError("ERR_TASK", `${operation.packageName} returned a pagination token it had returned before: the pages would never end (${pages.length} pages read)`);
    if (asked.size >= maxPages) {
      throw new FleetError("ERR_TASK", `${operation.packageName} ${operation.name} was still handing out new pagination tokens after ${maxPages} pages; stopped instead of paging for ever (--max-pages N reads more; --max-items N or --no-paginate read less)`);
    }
    asked.add(key);
    return undefined;
  };
  for await (const page of operation.paginate({ client, withCommand }, { ...input }, { abortSignal: signal })) {
    pages.push(withoutMetadata(page as Output));
    items += listItems(pages.at(-1)!);
    if (paging.maxItems !== undefined && items >= paging.maxItems) break;
  }
  return capItems(mergePages(pages), paging.maxItems);
}

/** Pages → one output: list fields concatenated, other fields from the last page. */
export function mergePages(pages: readonly Output[]): Output {
  const last = pages.at(-1) ?? {};
  const merged: Output = {};
  for (const [key, value] of Object.entries(last)) if (!Array.isArray(value)) merged[key] = value;
  for (const page of pages) {
    for (const [key, value] of Object.entries(page)) {
      if (!Array.isArray(value)) continue;
      const list = merged[key];
      merged[key] = Array.isArray(list) ? [...(list as unknown[]), ...(value as unknown[])] : [...(value as unknown[])];
    }
  }
  return merged;
}

function listItems(page: Output): number {
  let n = 0;
  for (const value of Object.values(page)) if (Array.isArray(value)) n += value.length;
  return n;
}

/** Cuts the merged lists to `max` items in all (in field order), as `--max-items` promises. */
function capItems(output: Output, max: number | undefined): Output {
  if (max === undefined) return output;
  let left = max;
  const out: Output = {};
  for (const [key, value] of Object.entries(output)) {
    if (!Array.isArray(value)) {
      out[key] = value;
      continue;
    }
    out[key] = value.slice(0, left);
    left = Math.max(0, left - value.length);
  }
  return out;
}

function withoutMetadata(out: Output): Output {
  const { $metadata: _metadata, ...rest } = out;
  return rest;
}
