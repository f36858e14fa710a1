import type { ResolvedOrganization } from "./config.js";
import type { CredentialStore, Identity } from "./credentials.js";
import type { OptionGroupStore } from "./option-groups.js";
import type { Protocol, Reply, ServiceName } from "./protocols.js";
import type { StatsRecorder } from "./stats.js";
import type { SandboxDiscoveryFaults } from "./discovery-faults.js";

/** Everything the service handlers share. */
export interface SandboxState {
  org: ResolvedOrganization;
  credentials: CredentialStore;
  stats: StatsRecorder;
  optionGroups: OptionGroupStore;
  /** Fixed lifetime of issued credentials, overriding DurationSeconds. */
  credentialSeconds: number | undefined;
  /** Shift of the Expiration that AssumeRole reports (the keys' real lifetime is unchanged). */
  clockSkewSeconds: number;
  /** False: SigV4 signatures are not verified (throughput runs only). */
  checkSignatures: boolean;
  /** Discovery faults in force (see SandboxOptions.discoveryFaults); replaced by setDiscoveryFaults. */
  discoveryFaults: SandboxDiscoveryFaults;
}

/** One authenticated request, decoded. */
export interface ServiceRequest {
  service: ServiceName;
  protocol: Protocol;
  action: string;
  region: string;
  caller: Identity;
  /** Form parameters (query and ec2 protocols). */
  params: URLSearchParams;
  /** Parsed JSON body (json and rest-json protocols); {} otherwise. */
  input: Record<string, unknown>;
  state: SandboxState;
}

/** A service: answers one request or throws an ApiError. */
export type ServiceHandler = (request: ServiceRequest) => Reply;
