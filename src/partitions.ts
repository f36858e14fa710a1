import { invalidInput } from "./errors.js";
import { PARTITIONS, type PartitionData } from "./partitions-data.js";

/** The AWS partitions sessionfleet knows, from the SDK's own partition table. */
export type PartitionId = "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f" | "aws-eusc" | (string & {});

const byRegion = new Map<string, PartitionData>();
for (const partition of PARTITIONS) for (const region of partition.regions) byRegion.set(region, partition);

/** True when `region` is a region in the SDK's partition table. */
export function isKnownRegion(region: string): boolean {
  return byRegion.has(region);
}

/**
 * The partition of a region, e.g. `"aws-cn"` for `"cn-north-1"`. Throws `ERR_INVALID_INPUT` for a
 * region the installed SDK does not know, so a typo fails before any request.
 *
 * @example
 * ```ts
 * import { partitionOf } from "sessionfleet";
 * partitionOf("us-gov-west-1"); // "aws-us-gov"
 * ```
 */
export function partitionOf(region: string): PartitionId {
  return partitionData(region).id;
}

/** Every region of a partition (for `regions: "all"`), sorted. */
export function regionsOfPartition(partition: PartitionId): readonly string[] {
  const found = PARTITIONS.find((p) => p.id === partition);
  if (!found) throw invalidInput("partition", partition, `one of ${PARTITIONS.map((p) => p.id).join(", ")}`);
  return found.regions;
}

/** The DNS suffix of the region's partition, e.g. `amazonaws.com.cn`. */
export function dnsSuffixOf(region: string): string {
  return partitionData(region).dnsSuffix;
}

function partitionData(region: string): PartitionData {
  const found = byRegion.get(region);
  if (!found) throw invalidInput("region", region, "an AWS region name such as \"us-east-1\" (see partitionOf)");
  return found;
}
