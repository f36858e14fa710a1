// Public shapes of the sandbox. Kept apart from the server so that type-only imports stay free.
import type { SandboxDiscoveryFaults } from "./discovery-faults.js";
import type { SandboxSsoFaults, SandboxSsoLogin, SandboxSsoOptions } from "./sso/types.js";

/** A member account of the sandbox organisation. */
export interface SandboxAccount {
  id: string;
  name?: string;
  email?: string;
  /** An OU id or the root id; default the root. */
  parentId?: string;
  status?: "ACTIVE" | "SUSPENDED";
  /** Which opt-in regions this account has enabled (default none). */
  enabledRegions?: string[];
  /** Tags served by Organizations ListTagsForResource, e.g. `{ env: "prod", team: "payments" }`. */
  tags?: Record<string, string>;
}

/** An organisational unit; `parentId` is another OU or the root (default the root). */
export interface SandboxOu {
  id: string;
  name: string;
  parentId?: string;
}

/** An IAM role that `AssumeRole` may assume, with the conditions its trust policy imposes. */
export interface SandboxRole {
  accountId: string;
  roleName: string;
  externalId?: string;
  mfaSerial?: string;
  mfaCode?: string;
  /** Accounts whose identities may assume the role; default any caller. */
  trustedAccounts?: string[];
}

/** Option groups per (account, region): a count table (missing entries are 0) or a function. */
export type SandboxOptionGroups = Record<string, Record<string, number>> | ((accountId: string, region: string) => number);

/**
 * Latency added before each response, in milliseconds. `byAccount` is keyed by the account a
 * request acts in: the role's account for STS AssumeRole, else the caller's (600000 stands for a
 * server that never answers).
 */
export type SandboxLatency =
  | number
  | { default?: number; byRegion?: Record<string, number>; byService?: Record<string, number>; byAccount?: Record<string, number>; firstRequestOnConnection?: number };

/** Fault injection rates (0-1), decided by a seeded PRNG. */
export interface SandboxFaults {
  seed?: number;
  throttleRate?: number;
  serverErrorRate?: number;
  resetRate?: number;
  /** An HTML 502 page instead of an AWS answer, as a proxy or load balancer sends. */
  htmlErrorRate?: number;
  /** A 200 with an empty body instead of an AWS document. */
  emptyOkRate?: number;
  /** Limit faults to these services ("sts", "rds", "organizations", "account", "ec2"); default all. */
  services?: string[];
}

/** Options of {@link startSandbox}; every one is optional and defaults to the demo organisation. */
export interface SandboxOptions {
  /** Default 0 (a free port); the sandbox always binds 127.0.0.1. */
  port?: number;
  managementAccountId?: string;
  /** Member accounts; the management account is implicit and always ACTIVE. */
  accounts?: SandboxAccount[];
  ous?: SandboxOu[];
  regions?: { enabled: string[]; optIn?: string[] };
  roles?: SandboxRole[];
  optionGroups?: SandboxOptionGroups;
  latencyMs?: SandboxLatency;
  faults?: SandboxFaults | null;
  /** Hung, looping, empty, foreign or refused discovery answers; see {@link SandboxDiscoveryFaults}. */
  discoveryFaults?: SandboxDiscoveryFaults | null;
  /** Lifetime of credentials that AssumeRole issues; default the request's DurationSeconds (3600). */
  credentialSeconds?: number;
  /**
   * How far the sandbox's clock is off, in seconds (negative: behind). The `Expiration` that
   * AssumeRole reports is shifted by it, while the keys stay valid for their real lifetime, so a
   * client sees credentials that look expired (or nearly) on arrival yet work. Default 0.
   */
  clockSkewSeconds?: number;
  /**
   * Verify each request's SigV4 signature (default true). `false` skips only the HMAC check —
   * the key id, session token and expiry are still checked — so a CPU-bound throughput run
   * (benchmarks) does not spend the sandbox's CPU re-signing every request. Keep it on in tests.
   */
  checkSignatures?: boolean;
  /** The IAM Identity Center portal's demo user (permission sets per account, paging, faults). */
  sso?: SandboxSsoOptions;
}

/** The organisation a sandbox serves, fully resolved. `accounts` are the members only. */
export interface SandboxOrganization {
  managementAccountId: string;
  managementAccountName: string;
  organizationId: string;
  rootId: string;
  accounts: SandboxAccount[];
  ous: SandboxOu[];
  regions: { enabled: string[]; optIn: string[] };
  roles: SandboxRole[];
  optionGroups: SandboxOptionGroups;
}

/** Counters of what the sandbox received; see {@link Sandbox.stats}. */
export interface SandboxStats {
  /** Every HTTP request received, including failed and faulted ones. */
  requests: number;
  byService: Record<string, number>;
  /** `"<service>:<Action>"`, e.g. `"sts:AssumeRole"`. */
  byAction: Record<string, number>;
  /** Account of the calling identity, `"unknown"` when the access key is not known. */
  byAccount: Record<string, number>;
  /** Region of the SigV4 credential scope. */
  byRegion: Record<string, number>;
  /** Every AssumeRole attempt, successful or not, by the target account of the role. */
  assumeRole: { total: number; byAccount: Record<string, number> };
  /** Error responses by error code, e.g. `{ Throttling: 3 }`. */
  errors: Record<string, number>;
  connections: number;
  openConnections: number;
  inFlight: number;
  maxInFlight: number;
  /** Requests whose signature was missing, malformed or did not match. */
  signatureFailures: number;
  /** Injected faults by kind: "reset", "throttle", "serverError", "htmlError", "emptyOk". */
  faults: Record<string, number>;
}

/** A running sandbox; see {@link startSandbox}. */
export interface Sandbox {
  /** `"http://127.0.0.1:<port>"`. */
  readonly endpoint: string;
  readonly port: number;
  /** Keys of the IAM user `sandbox-admin` in the management account (fake values). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly managementAccountId: string;
  readonly organization: SandboxOrganization;
  stats(): SandboxStats;
  resetStats(): void;
  /** Every credential issued so far is expired from now on. */
  expireAll(): void;
  setFaults(faults: SandboxOptions["faults"]): void;
  setLatency(latency: SandboxOptions["latencyMs"]): void;
  /** Replaces the discovery faults (`null`: none). */
  setDiscoveryFaults(faults: SandboxOptions["discoveryFaults"]): void;
  /** The portal's sign-in: what `aws sso login` would leave in ~/.aws/config and the token cache. */
  readonly sso: SandboxSsoLogin;
  /** Replaces the portal's faults (`null`: none) and restarts their counts. */
  setSsoFaults(faults: SandboxSsoFaults | null): void;
  /** Every SSO token is refused from now on (401 UnauthorizedException), until a refresh. */
  revokeSsoTokens(): void;
  /** Destroys open sockets and frees the port. */
  close(): Promise<void>;
}
