// Tags of organisation accounts: Organizations ListTagsForResource, all pages, once per account.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTagsForResource.html
// (ResourceId = the account id; NextToken paging; TooManyRequestsException when throttled,
// which the SDK's standard retry strategy retries with backoff: THROTTLING_ERROR_CODES in the
// installed @smithy/core/dist-cjs/submodules/retry lists it).
import pLimit from "p-limit";
import { FleetError, messageOf } from "../../errors.js";
import { nameRule, tagsMatch, type AccountFilters } from "./filters.js";
import type { CredentialSession } from "../../session.js";

/** The tags of one account as a plain object. */
export async function listAccountTags(session: CredentialSession, accountId: string, signal: AbortSignal | undefined): Promise<Record<string, string>> {
  const { OrganizationsClient, paginateListTagsForResource } = await import("@aws-sdk/client-organizations");
  const client = session.client(OrganizationsClient);
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client }, { ResourceId: accountId }, { abortSignal: signal })) {
    for (const tag of page.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
  }
  return tags;
}

/** A tag lookup that failed, as an ERR_DISCOVERY naming the account. */
export function tagLookupError(accountId: string, error: unknown): FleetError {
  if (error instanceof FleetError) return error;
  const name = error instanceof Error && error.name !== "Error" ? `${error.name}: ` : "";
  return new FleetError("ERR_DISCOVERY", `Listing the tags of account ${accountId} failed: ${name}${messageOf(error)}`, { cause: error, accountId, stage: "discover" });
}

/**
 * Looks up the tags of every account in `accountIds`, at most `concurrency` at once, each
 * account once. A failed lookup is its account's `Error`, never a missing entry.
 */
export async function lookupTags(
  session: CredentialSession,
  accountIds: readonly string[],
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<Map<string, Record<string, string> | FleetError>> {
  const limit = pLimit(concurrency);
  const unique = [...new Set(accountIds)];
  const found = await Promise.all(unique.map((id) => limit(async () => {
    if (signal?.aborted) throw signal.reason;
    try {
      return await listAccountTags(session, id, signal);
    } catch (error) {
      // Cancellation ends the whole selection; any other failure belongs to this account.
      if (signal?.aborted) throw signal.reason;
      return tagLookupError(id, error);
    }
  })));
  return new Map(unique.map((id, i) => [id, found[i]!]));
}

/**
 * `accounts` narrowed by `filters` (names first, then tags), with their tags attached when
 * looked up (`filters.tags` or `withTags`). A failed lookup rejects with its ERR_DISCOVERY.
 */
export async function narrowAccounts<A extends { accountId: string; name?: string; tags?: Record<string, string> }>(
  session: CredentialSession,
  accounts: readonly A[],
  filters: AccountFilters,
  withTags: boolean,
  signal: AbortSignal | undefined,
): Promise<A[]> {
  const named = accounts.filter((a) => nameRule(filters, a.accountId, a.name) === undefined);
  if (filters.tags === undefined && !withTags) return named;
  const looked = await lookupTags(session, named.map((a) => a.accountId), DEFAULT_LOOKUPS, signal);
  const out: A[] = [];
  for (const account of named) {
    const tags = looked.get(account.accountId);
    if (tags instanceof FleetError) throw tags;
    if (tagsMatch(filters, tags)) out.push({ ...account, tags: { ...tags } });
  }
  return out;
}

/** Tag lookups in flight at once outside a fan-out (the fan-out's default concurrency). */
const DEFAULT_LOOKUPS = 16;
