// Public types of fanOut / fanOutStream. Records are plain objects so they serialise and
// stay small: a run over 200,000 targets keeps 200,000 of these and nothing heavier.
import type { FleetError, FleetStage } from "../errors.js";
import type { CredentialSession } from "../session.js";

/** The session type fan-out takes and hands to tasks (an alias kept for existing imports). */
export type FanOutSession = CredentialSession;

/** Organization discovery for `accounts`: every ACTIVE account, or those under `ous` (recursively). */
export interface OrganizationTargets {
  /** OU or root ids (`ou-abcd-12345678`, `r-abcd`); their accounts and those of nested OUs. Default: the whole organization. */
  ous?: readonly string[];
  /** Account ids to leave out. */
  exclude?: readonly string[];
  /** Keep the caller's own (management) account. Default false. */
  includeSelf?: boolean;
}

/** Which accounts to run in: ids, the organization, or (omitted) the caller's own account with no role. */
export type AccountsOption = readonly string[] | "organization" | { organization: OrganizationTargets };

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
  /** Bound on each target from its start, including its wait for the account's credentials. */
  timeoutMs?: number;
  /** Cancels the run: targets not started are recorded `cancelled`, running ones are aborted. */
  signal?: AbortSignal;
  sessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  /** The caller's MFA device (serial or ARN), sent with every AssumeRole of the run. */
  serialNumber?: string;
  /** Returns the current MFA code; called when an AssumeRole needs it (with `serialNumber`). */
  tokenCode?: () => Promise<string>;
  shard?: ShardOption;
  onProgress?: (progress: FanOutProgress) => void;
}

/** What a task receives: a session for its (account, role, region) and a signal to pass to `send`. */
export interface TaskContext {
  /** The (account, role) child session's view for `region`. */
  session: CredentialSession;
  accountId: string;
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
  /** The target's region; `""` when the record stands for regions that could not be known. */
  region: string;
  roleArn?: string;
  /** Milliseconds from the target's start to its record. */
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
}
