// The public API of sessionfleet. Everything not exported here is internal.
export { FleetError } from "./errors.js";
export type { FleetErrorCode, FleetStage, FleetErrorContext, FleetErrorKind } from "./errors.js";
export { partitionOf } from "./partitions.js";
export type { PartitionId } from "./partitions.js";
export { ConnectionPool, defaultPool } from "./connections/pool.js";
export type { ConnectionPoolOptions, ConnectionPoolStats } from "./connections/pool.js";
export { CredentialSession } from "./session.js";
export type { SessionIdentity, ClientOverrides } from "./session.js";
export type { ClientClass, SdkClient } from "./client-cache.js";
export type { CredentialSessionOptions } from "./session-options.js";
export type { AssumeRoleOptions } from "./credentials/assume-role-options.js";
export { fanOut, fanOutStream } from "./fanout/run.js";
export { listOrganizationAccounts, listRegions, listSsoAccounts, loadAccountsFile, selectAccounts } from "./lazy-api.js";
export type { SelectAccountsOptions } from "./fanout/accounts/selection.js";
export type {
  AccountEntry, AccountListTargets, AccountSelection, AccountTagFilter, LeftOutAccount, LeftOutRule, SelectedAccount,
} from "./fanout/types.js";
export type {
  AccountsOption, FanOutFailure, FanOutOptions, FanOutProgress, FanOutRecord, FanOutReport, FanOutSuccess, FanOutSummary,
  FanOutTask, OrganizationTargets, RegionsOption, ShardOption, SsoTargets, TaskContext,
} from "./fanout/types.js";
export type { FailureGroup, StageCodeCount } from "./fanout/types.js";
export type { ListSsoAccountsOptions, SsoAccount } from "./fanout/accounts/sso-accounts.js";
export type { ListOrganizationAccountsOptions, ListRegionsOptions, OrganizationAccount, RegionInfo } from "./fanout/discovery/organization.js";
export { FileCredentialStore } from "./credentials/file-store.js";
export type { FileCredentialStoreOptions, FileCacheListing } from "./credentials/file-store.js";
export { MemoryCredentialStore } from "./credentials/store.js";
export type { CacheOption, CredentialStore, CredentialStoreEntry, CredentialStoreLease, CredentialStoreLeaseRequest } from "./credentials/store.js";
export { SessionManager } from "./manager.js";
export type { EvictReason, ManagedSessionInfo, ManagedTarget, SessionManagerOptions, SessionManagerStats } from "./manager.js";
