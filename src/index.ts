// The public API of sessionfleet. Everything not exported here is internal.
export { FleetError } from "./errors.js";
export type { FleetErrorCode, FleetStage, FleetErrorContext } from "./errors.js";
export { partitionOf } from "./partitions.js";
export type { PartitionId } from "./partitions.js";
