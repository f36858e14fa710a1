import { invalidInput } from "./errors.js";
import { partitionTable, type PartitionData } from "./partitions-data.js";

/** The AWS partitions sessionfleet knows, from the installed SDK's own partition table. */
export type PartitionId = "aws" | "aws-cn" | "aws-us-gov" | "aws-iso" | "aws-iso-b" | "aws-iso-e" | "aws-iso-f" | "aws-eusc" | (string & {});

let byRegion: Map<string, PartitionData> | undefined;

function regionIndex(): Map<string, PartitionData> {
  if (!byRegion) {
    byRegion = new Map();
    for (const partition of partitionTable().partitions) for (const region of partition.regions) byRegion.set(region, partition);
  }
  return byRegion;
}

/** True when `region` is a region in the installed SDK's partition table. */
export function isKnownRegion(region: string): boolean {
  return regionIndex().has(region);
}

/** What a region must be, for messages: names the table it was looked up in. */
export function regionExpected(): string {
  return `an AWS region name such as "us-east-1", from the partition table of ${partitionTable().source} (update the AWS SDK for a region newer than that)`;
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
  const { partitions } = partitionTable();
  const found = partitions.find((p) => p.id === partition);
  if (!found) throw invalidInput("partition", partition, `one of ${partitions.map((p) => p.id).join(", ")}`);
  return found.regions;
}

/** The DNS suffix of the region's partition, e.g. `amazonaws.com.cn`. */
export function dnsSuffixOf(region: string): string {
  return partitionData(region).dnsSuffix;
}

function partitionData(region: string): PartitionData {
  const found = regionIndex().get(region);
  if (!found) throw invalidInput("region", region, regionExpected());
  return found;
}
