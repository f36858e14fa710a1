// Tags, names, exclusions and the own account → the account list of a run. The organisation is
// listed once (every state, so suspended accounts can be named as left out), cheap rules run
// first, and only the accounts still in play get a tag lookup: one ListTagsForResource per
// candidate account per run, at most `concurrency` at once.
import { FleetError, invalidInput } from "../../errors.js";
import { partitionOf } from "../../partitions.js";
import type { CredentialSession } from "../../session.js";
import { checkOptionsObject, checkPositiveInteger } from "../../validate.js";
import { nameRule, tagsMatch, type AccountFilters } from "./filters.js";
import { lookupTags } from "./tags.js";
import { planAccountSource, type AccountsPlan, type AccountTarget, type ChooseOptions, type ChosenAccounts } from "./plan.js";

export type { ChooseOptions, ChosenAccounts } from "./plan.js";
import { listOrganizationAccounts } from "../discovery/organization.js";
import { chooseSsoAccounts } from "./sso-selection.js";
import { DEFAULT_DISCOVERY_CALL_MS, withDeadline } from "../discovery/calls.js";
import type { AccountSelection, AccountsOption, SelectedAccount } from "../types.js";

interface Candidate {
  accountId: string;
  name?: string;
  tags?: Readonly<Record<string, string>>;
  self?: boolean;
  target: AccountTarget;
}

/** Accounts of a list, narrowed by its filters against the entries' own names and tags. No request. */
export function chooseFromList(plan: AccountsPlan & { kind: "list" }): ChosenAccounts {
  const selection: AccountSelection = { accounts: [], leftOut: [], failed: [] };
  const candidates: Candidate[] = [];
  for (const target of plan.accounts) {
    const rule = nameRule(plan.filters, target.accountId, target.name);
    if (rule === undefined) candidates.push({ accountId: target.accountId, ...named(target.name), ...(target.tags && { tags: target.tags }), target });
    else selection.leftOut.push({ accountId: target.accountId, ...named(target.name), rule });
  }
  return finish(selection, candidates, plan.filters, undefined);
}

/** Chooses the accounts of any plan. Rejects only when the listing (or the caller's identity) fails. */
export async function chooseAccounts(session: CredentialSession, plan: AccountsPlan, { concurrency, signal, timeoutMs }: ChooseOptions): Promise<ChosenAccounts> {
  if (plan.kind === "list") return chooseFromList(plan);
  if (plan.kind === "sso") return chooseSsoAccounts(session, plan, { concurrency, signal, timeoutMs });
  const identity = (): Promise<{ accountId: string }> => withDeadline("STS GetCallerIdentity", timeoutMs, signal, () => session.identity());
  if (plan.kind === "self") {
    const accountId = (await identity()).accountId;
    return { selection: { accounts: [{ accountId, self: true }], leftOut: [], failed: [] }, targets: [{ accountId }] };
  }
  const selection: AccountSelection = { accounts: [], leftOut: [], failed: [] };
  const candidates: Candidate[] = [];
  const consider = (candidate: Candidate): void => {
    const rule = nameRule(plan.filters, candidate.accountId, candidate.name);
    if (rule === undefined) candidates.push(candidate);
    else selection.leftOut.push({ accountId: candidate.accountId, ...named(candidate.name), rule });
  };
  const listed = await listOrganizationAccounts(session, { ...(plan.ous && { ous: plan.ous }), status: "ALL", timeoutMs, ...(signal && { signal }) });
  const self = (await identity()).accountId;
  const own = plan.includeSelf;
  if (own !== false && own !== "base" && "arn" in own && own.accountId !== self) {
    throw invalidInput("accounts.organization.includeSelf.role", own.arn, `a role name, or a role ARN in your own account ${self}`);
  }
  const selfTarget = (name: string | undefined): AccountTarget => ({
    accountId: self, ...named(name), roles: plan.includeSelf === "base" || plan.includeSelf === false ? "base" : [plan.includeSelf],
  });
  for (const a of listed) {
    if (a.status !== "ACTIVE") selection.leftOut.push({ accountId: a.accountId, ...named(a.name), status: a.status, rule: "not-active" });
    else if (a.accountId !== self) consider({ accountId: a.accountId, ...named(a.name), target: { accountId: a.accountId, ...named(a.name) } });
    else if (plan.includeSelf === false) selection.leftOut.push({ accountId: a.accountId, ...named(a.name), rule: "own-account" });
    else consider({ accountId: self, ...named(a.name), self: true, target: selfTarget(a.name) });
  }
  // Asked for, the own account runs even when the OUs listed do not hold it.
  if (plan.includeSelf !== false && !listed.some((a) => a.accountId === self)) consider({ accountId: self, self: true, target: selfTarget(undefined) });
  candidates.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  let tags: Map<string, Record<string, string> | FleetError> | undefined;
  if (plan.filters.tags !== undefined) tags = await lookupTags(session, candidates.map((c) => c.accountId), concurrency, signal);
  return finish(selection, candidates, plan.filters, tags);
}

function finish(
  selection: AccountSelection,
  candidates: Candidate[],
  filters: AccountFilters,
  looked: Map<string, Record<string, string> | FleetError> | undefined,
): ChosenAccounts {
  const targets: AccountTarget[] = [];
  for (const c of candidates) {
    const found = looked?.get(c.accountId);
    if (found instanceof FleetError) {
      selection.failed.push({ accountId: c.accountId, ...named(c.name), error: found });
      continue;
    }
    const tags = found ?? c.tags;
    if (!tagsMatch(filters, tags)) {
      selection.leftOut.push({ accountId: c.accountId, ...named(c.name), rule: "tags" });
      continue;
    }
    const kept: SelectedAccount = { accountId: c.accountId, ...named(c.name), ...(tags && { tags: { ...tags } }), ...(c.self && { self: true }) };
    selection.accounts.push(kept);
    targets.push(c.target);
  }
  return { selection, targets };
}

function named(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

/** Options of {@link selectAccounts}. */
export interface SelectAccountsOptions {
  /** Tag lookups in flight at once. Default 16. */
  concurrency?: number;
  signal?: AbortSignal;
}

/** The implementation of `selectAccounts`; its documentation is on the export (src/lazy-api.ts). */
export async function selectAccounts(session: CredentialSession, accounts: AccountsOption, options: SelectAccountsOptions = {}): Promise<AccountSelection> {
  const o = checkOptionsObject(options, "options", ["concurrency", "signal"]);
  const concurrency = o.concurrency === undefined ? 16 : checkPositiveInteger(o.concurrency, "concurrency");
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw invalidInput("signal", o.signal, "an AbortSignal");
  const region = session.region;
  const plan = planAccountSource(accounts, region === undefined ? "aws" : partitionOf(region));
  return (await chooseAccounts(session, plan, { concurrency, signal: options.signal, timeoutMs: DEFAULT_DISCOVERY_CALL_MS })).selection;
}
