// What each CLI command is, once parsed: the typed shapes that argv becomes (parse.ts makes them,
// the commands read them).
import type { SelectionArgs } from "./selection.js";
import type { Format } from "./values.js";

/** The commands of the CLI. */
export const COMMANDS = ["option-groups", "whoami", "exec", "regions", "accounts", "call", "merge", "sandbox", "cache"] as const;
/** One of {@link COMMANDS}. */
export type CommandName = (typeof COMMANDS)[number];

/** Where credentials and endpoints come from (every command but `sandbox`). */
export interface SessionArgs {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  sandbox: boolean;
  /** --no-cache: assumed-role credentials stay in memory instead of the file cache. */
  noCache?: true;
  /** --cache dynamodb:<table> [--cache-kms-key ID]: the shared DynamoDB store instead of the file cache. */
  sharedCache?: SharedCacheArgs;
}

/** `--cache dynamodb:<table>`; the caller key comes from SESSIONFLEET_CACHE_KEY unless `kmsKeyId`. */
export interface SharedCacheArgs {
  table: string;
  kmsKeyId?: string;
}

/** How results are printed. */
export interface OutputArgs {
  format: Format;
  quiet: boolean;
  /** Every failed target on stderr, one line each, before the grouped summary. */
  verbose?: boolean;
  /** `--format matrix`: keep every region column, even all-zero ones (`--all-columns`). */
  allColumns?: boolean;
}

/** Which targets a fan-out command runs on, and its limits. */
export interface TargetArgs {
  accounts?: string[] | "organization" | "sso";
  ous?: string[];
  roles?: string[];
  regions?: string[] | "enabled" | "all";
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
  concurrency?: number;
  /** `--per-account N`: at most N targets of one account at once (service quotas are per account). */
  perAccountConcurrency?: number;
  /** `--per-region N`: at most N targets in one region at once, across accounts. */
  perRegionConcurrency?: number;
  timeoutMs?: number;
  /** `--shard I/N` (0-based here), or `auto`: from the CI or batch system's variables, at run time. */
  shard?: { index: number; count: number } | "auto";
  /** `--shard-count N`, for `--shard auto` where the system sets no count (Kubernetes, AWS Batch). */
  shardCount?: number;
  /** `--mfa-serial`: the caller's MFA device, used for every AssumeRole of the run. */
  mfaSerial?: string;
  /** `--mfa-code` (or SESSIONFLEET_MFA_CODE, read by the command): the code for `mfaSerial`. */
  mfaCode?: string;
  /** Worker threads (`--workers N|auto`). */
  workers?: number;
  /** Failed targets are still listed, but the exit code stays 0 (for demos and best-effort scans). */
  allowFailures: boolean;
  /** --tag, --name, --exclude, --include-self, --accounts-file (when any was given). */
  selection?: SelectionArgs;
}

/** A parsed command line. */
export type CliCommand =
  | { command: "help"; topic?: CommandName }
  | { command: "version" }
  | { command: "option-groups" | "whoami"; session: SessionArgs; output: OutputArgs; targets: TargetArgs }
  | { command: "call"; service: string; operation: string; input: Record<string, unknown>; paging: { paginate: boolean; maxItems?: number; maxPages?: number }; query?: string; session: SessionArgs; output: OutputArgs; targets: TargetArgs }
  | { command: "exec"; argv: string[]; shell: boolean; outputDir?: string; serveCredentials: boolean; session: SessionArgs; output: OutputArgs; targets: TargetArgs }
  | { command: "regions"; all: boolean; session: SessionArgs; output: OutputArgs }
  | { command: "accounts"; ous: string[]; sso?: true; selection?: SelectionArgs; session: SessionArgs; output: OutputArgs }
  | { command: "merge"; files: string[]; output: OutputArgs; allowFailures: boolean }
  | { command: "sandbox"; port: number; latencyMs?: number }
  | { command: "cache"; action: "list" | "clear"; expired: boolean; format: "table" | "json"; shared?: SharedCacheArgs; region?: string; profile?: string };
