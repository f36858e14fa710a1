// Public types of fanOut / fanOutStream. Records are plain objects so they serialise and
// stay small: a run over 200,000 targets keeps 200,000 of these and nothing heavier.
import type { FleetError, FleetErrorCode, FleetErrorKind, FleetStage } from "../errors.js";
import type { CredentialSession } from "../session.js";

/** The session type fan-out takes and hands to tasks (an alias kept for existing imports). */
export type FanOutSession = CredentialSession;

/** An account a run (or {@link selectAccounts}) chose. */
export interface SelectedAccount {
  accountId: string;
  name?: string;
  /** Its tags, when they were looked up (a `tags` rule) or given (an accounts file). */
  tags?: Record<string, string>;
  /** The caller's own account, kept by `includeSelf`. */
  self?: boolean;
  /** With accounts "sso": the permission sets the run uses there (all the user has, when no roles are asked for). */
  roles?: string[];
}

/**
 * Why an account was left out: `not-active` (suspended or closing), `own-account` (the
 * caller's, without `includeSelf`), `excluded` (`exclude`), `names`, `tags`.
 */
export type LeftOutRule = "not-active" | "own-account" | "excluded" | "names" | "tags" | "no-permission-set";

/** An account a rule left out. */
export interface LeftOutAccount {
  accountId: string;
  name?: string;
  /** The organization's state of the account (`SUSPENDED`, …) when listed. */
  status?: string;
  rule: LeftOutRule;
}

/** The outcome of choosing accounts: kept ones (in run order), left-out ones, and failed tag lookups. */
export interface AccountSelection {
  accounts: SelectedAccount[];
  leftOut: LeftOutAccount[];
  /** Accounts whose tags could not be listed: a run records each as a `discover` failure. */
  failed: Array<{ accountId: string; name?: string; error: FleetError }>;
}

/** Tags an account must carry: every key must match; a list of values means any of them. */
export type AccountTagFilter = Readonly<Record<string, string | readonly string[]>>;

/**
 * Organization discovery for `accounts`: every ACTIVE account, or those under `ous`
 * (recursively), narrowed by `names`, `tags` and `exclude`. The caller's own account is left
 * out unless `includeSelf`.
 */
export interface OrganizationTargets {
  /** OU or root ids (`ou-abcd-12345678`, `r-abcd`); their accounts and those of nested OUs. Default: the whole organization. */
  ous?: readonly string[];
  /** Account ids or globs over account names (`"sandbox-*"`) to leave out. */
  exclude?: readonly string[];
  /**
   * Keep the caller's own (management) account. `true` runs it with the base session's own
   * credentials (no AssumeRole: the management account seldom has the member role);
   * `{ role }` assumes that role (a name or an ARN in the own account) instead. Default false.
   */
  includeSelf?: boolean | { role: string };
  /** Tags (Organizations ListTagsForResource, once per candidate account): every key must match. */
  tags?: AccountTagFilter;
  /** Globs over the account name (`*` any run, `?` one character); an account matching any is kept. */
  names?: readonly string[];
}

/**
 * One account of a list or an accounts file ({@link loadAccountsFile}). `role` and `regions`
 * override the run's `roles` and `regions` for this account; `tags` are what `tags` filters
 * match; `vars` is carried along untouched.
 */
export interface AccountEntry {
  accountId: string;
  name?: string;
  /** A role name or a role ARN in this account, used instead of the run's `roles`. */
  role?: string;
  /** Regions for this account, instead of the run's `regions`. */
  regions?: readonly string[];
  /** External id for this account's AssumeRole, instead of the run's `externalId`. */
  externalId?: string;
  tags?: Readonly<Record<string, string>>;
  vars?: Readonly<Record<string, unknown>>;
}

/** A list of accounts narrowed by the same rules as organization discovery (tags come from the entries). */
export interface AccountListTargets {
  list: readonly (string | AccountEntry)[];
  tags?: AccountTagFilter;
  names?: readonly string[];
  exclude?: readonly string[];
}

/**
 * The accounts of an IAM Identity Center sign-in (`accounts: "sso"`), narrowed like an
 * organisation's. SSO accounts have no tags: a `tags` rule is refused (ERR_INVALID_INPUT).
 */
export interface SsoTargets {
  /** Account ids or globs over account names to leave out. */
  exclude?: readonly string[];
  /** Keep accounts whose name matches one of these globs. */
  names?: readonly string[];
  /** Only these accounts (ids or entries, e.g. from loadAccountsFile), if the sign-in reaches them. */
  list?: readonly (string | AccountEntry)[];
}

/** Which accounts to run in: ids or entries, the organization, an SSO sign-in's, or (omitted) the caller's own account with no role. */
export type AccountsOption = readonly (string | AccountEntry)[] | "organization" | { organization: OrganizationTargets } | AccountListTargets | "sso" | { sso: SsoTargets };

/** Which regions: a list, `"enabled"` (per account), `"all"` (the partition's), or (omitted) the session's region. */
export type RegionsOption = readonly string[] | "enabled" | "all";

/** A deterministic split of the accounts for several workers: worker `index` of `count`. */
export interface ShardOption {
  index: number;
  count: number;
}

/** Passed to `onProgress`, at most every 100 ms and once at the end. */
export interface FanOutProgress {
  /** Records written so far. */
  done: number;
  /** Targets known so far (grows while `"enabled"` regions are discovered per account). */
  total: number;
  succeeded: number;
  failed: number;
}

/** Options of {@link fanOut} and {@link fanOutStream}; everything is validated before any request. */
export interface FanOutOptions {
  /** The base session: its credentials assume the roles, its region is the default. */
  session: CredentialSession;
  accounts?: AccountsOption;
  /** Role names (made into ARNs in each account) or role ARNs. Required when `accounts` is given. */
  roles?: string | readonly string[];
  regions?: RegionsOption;
  /** Tasks, STS and discovery calls in flight at once. Default 16. */
  concurrency?: number;
  /** At most this many targets of one account at once. */
  perAccountConcurrency?: number;
  /** At most this many targets in one region at once (across accounts). */
  perRegionConcurrency?: number;
  /**
   * Bound on each target: its own wait for the account's credentials plus its task (not time
   * queued for a slot). Also the deadline of each discovery request (each page of the
   * organisation listing, each region listing, the caller's identity), which is 30 s when
   * `timeoutMs` is not given.
   */
  timeoutMs?: number;
  /** Cancels the run: targets not started are recorded `cancelled`, running ones are aborted. */
  signal?: AbortSignal;
  /**
   * Stops the run gently: once aborted, targets not started are recorded `cancelled` and the
   * running ones finish (abort `signal` as well to stop those too). The CLI's first Ctrl-C.
   */
  drainSignal?: AbortSignal;
  sessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** The caller's MFA device (serial or ARN), sent with every AssumeRole of the run. */
  serialNumber?: string;
  /** Returns the current MFA code; called when an AssumeRole needs it (with `serialNumber`). */
  tokenCode?: () => Promise<string>;
  shard?: ShardOption;
  /**
   * Run the targets on this many worker threads (the task must then be a module URL whose
   * default export is the task). Accounts are split with the `shard` hash; `concurrency` and
   * `perRegionConcurrency` are divided among the workers (rounded up). {@link fanOut} only.
   */
  workers?: number;
  onProgress?: (progress: FanOutProgress) => void;
  /** Called once the accounts are chosen, before the first target: which were kept, left out (and why) or failed. */
  onAccounts?: (selection: AccountSelection) => void;
}

/** What a task receives: a session for its (account, role, region) and a signal to pass to `send`. */
export interface TaskContext {
  /** The (account, role) child session's view for `region`. */
  session: CredentialSession;
  accountId: string;
  /** The account's name, when known (organisation listing or accounts file). */
  accountName?: string;
  region: string;
  /** The assumed role; absent when running as the caller's own identity. */
  roleArn?: string;
  /** Aborted on timeout or cancellation; pass it on as `{ abortSignal: signal }`. */
  signal: AbortSignal;
}

/** The task a fan-out runs once per target. */
export type FanOutTask<T> = (context: TaskContext) => Promise<T> | T;

interface RecordBase {
  accountId: string;
  /** The account's name, when known (organization listing or accounts file). */
  accountName?: string;
  /** The target's region; `""` when the record stands for regions that could not be known. */
  region: string;
  roleArn?: string;
  /** Milliseconds the target took: its wait for the account's credentials plus its task. */
  ms: number;
}

/** A target whose task returned (`value` may be `undefined`). */
export interface FanOutSuccess<T> extends RecordBase {
  ok: true;
  value: T;
}

/** A target that failed, with the stage at which it failed. */
export interface FanOutFailure extends RecordBase {
  ok: false;
  stage: FleetStage;
  error: FleetError;
}

/** One record per target. */
export type FanOutRecord<T> = FanOutSuccess<T> | FanOutFailure;

/** Counts of a finished run. */
export interface FanOutSummary {
  targets: number;
  succeeded: number;
  failed: number;
  /** Failures by stage, e.g. `{ "assume-role": 8, task: 1 }`. */
  byStage: Partial<Record<FleetStage, number>>;
  /** Failures by kind, e.g. `{ "access-denied": 8, throttled: 1 }`. */
  byKind: Partial<Record<FleetErrorKind, number>>;
  /** Failures by (stage, code), e.g. `[{ stage: "assume-role", code: "ERR_ASSUME_ROLE", count: 8 }]`. */
  byStageCode: StageCodeCount[];
  /** Wall-clock milliseconds of the run. */
  ms: number;
}

/** The result of {@link fanOut}: records in target order (accounts × roles × regions). */
export interface FanOutReport<T> {
  readonly results: readonly FanOutRecord<T>[];
  readonly succeeded: readonly FanOutSuccess<T>[];
  readonly failed: readonly FanOutFailure[];
  readonly summary: FanOutSummary;
  /** Throws a FleetError whose `errors` are the failures' errors, if any target failed. */
  throwIfFailed(): void;
  /** The failures grouped by (stage, kind, code, awsCode), largest group first, each with its targets. */
  groups(): FailureGroup[];
}

/** Failures that went wrong the same way. */
export interface FailureGroup {
  stage: FleetStage;
  kind: FleetErrorKind;
  code: FleetErrorCode;
  /** The service's error code shared by the group, e.g. `"AccessDenied"`. */
  awsCode?: string;
  /** The first failure's message as AWS (or the task) gave it, without the target's place. */
  message: string;
  /** The failed targets, in target order. */
  targets: FanOutFailure[];
}

/** One count per (stage, code), as in `report.summary.byStageCode`. */
export interface StageCodeCount {
  stage: FleetStage;
  code: FleetErrorCode;
  count: number;
}
