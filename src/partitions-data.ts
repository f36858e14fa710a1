// The AWS partition table of the installed SDK, read at run time (issue 12 item 18): a region
// that a newer SDK knows is known here too, with no rebuild of sessionfleet. The SDK exports only
// a lookup, `partition(region)` from @aws-sdk/core/client, not the table (needed to list a
// partition's regions for `regions: "all"`), so the table is read from the file the SDK builds
// its lookup from: dist-es/submodules/client/util-endpoints/lib/aws/partitions.js (`export const
// partitionsInfo = {...}`), else the same literal in its CommonJS bundle. Read once, lazily, on
// the first region check; nothing is read when sessionfleet is imported.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface PartitionData {
  readonly id: string;
  readonly dnsSuffix: string;
  readonly regionRegex: string;
  readonly regions: readonly string[];
}

/** Where the table came from, for messages: e.g. `@aws-sdk/core 3.981.0`. */
export interface PartitionTable {
  readonly source: string;
  readonly partitions: readonly PartitionData[];
}

const CANDIDATES = ["dist-es/submodules/client/util-endpoints/lib/aws/partitions.js", "dist-cjs/submodules/client/index.js"];

interface SdkPartitions {
  partitions: Array<{ id: string; outputs: { dnsSuffix: string }; regionRegex: string; regions: Record<string, unknown> }>;
}

let table: PartitionTable | undefined;

/** The installed SDK's partition table (read on first call). */
export function partitionTable(): PartitionTable {
  table ??= readSdkTable();
  return table;
}

function readSdkTable(): PartitionTable {
  // Resolved from this package, as the SDK clients sessionfleet loads are.
  const packageJson = createRequire(import.meta.url).resolve("@aws-sdk/core/package.json");
  const root = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: string };
  const source = `@aws-sdk/core ${version ?? "(unknown version)"}`;
  const problems: string[] = [];
  for (const candidate of CANDIDATES) {
    try {
      const info = JSON.parse(objectLiteralAfter(readFileSync(join(root, candidate), "utf8"), "partitionsInfo = ")) as SdkPartitions;
      return {
        source,
        partitions: info.partitions.map((p) => ({
          id: p.id,
          dnsSuffix: p.outputs.dnsSuffix,
          regionRegex: p.regionRegex,
          // "aws-global" and friends are endpoint pseudo-regions, not places a fan-out can run.
          regions: Object.keys(p.regions).filter((r) => !r.endsWith("-global")).sort(),
        })),
      };
    } catch (error) {
      problems.push(`${candidate}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`Cannot read the AWS partition table of ${source} at ${root} (${problems.join("; ")})`);
}

/** The `{...}` that follows `marker` in `text`, by brace matching outside strings. */
function objectLiteralAfter(text: string, marker: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no "${marker.trim()}" found`);
  const start = text.indexOf("{", at);
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === "\"") inString = false;
    } else if (c === "\"") inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error("unterminated table");
}
