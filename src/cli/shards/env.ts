// `--shard auto`: the shard index and count that CI and batch systems already set for parallel
// jobs, so one command line serves every job of the matrix.
import { invalidInput } from "../../errors.js";

/** A resolved shard, 0-based as the library takes it. */
export interface Shard {
  index: number;
  count: number;
}

interface Source {
  name: string;
  index: string;
  /** Variable with the count; absent where the system sets none (then --shard-count gives it). */
  count?: string;
  /** True where the system counts from 1. */
  oneBased: boolean;
}

// Where each system documents its variables:
// - GitLab `parallel:`: CI_NODE_INDEX (1-based) and CI_NODE_TOTAL ("Predefined CI/CD variables reference").
// - CircleCI parallelism: CIRCLE_NODE_INDEX (0-based) and CIRCLE_NODE_TOTAL ("Project values and variables").
// - Buildkite `parallelism`: BUILDKITE_PARALLEL_JOB (0-based) and BUILDKITE_PARALLEL_JOB_COUNT ("Environment variables").
// - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based; the count is the Job's `completions`, not in the env).
// - AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX (0-based; the array size is not in the env).
const SOURCES: readonly Source[] = [
  { name: "GitLab", index: "CI_NODE_INDEX", count: "CI_NODE_TOTAL", oneBased: true },
  { name: "CircleCI", index: "CIRCLE_NODE_INDEX", count: "CIRCLE_NODE_TOTAL", oneBased: false },
  { name: "Buildkite", index: "BUILDKITE_PARALLEL_JOB", count: "BUILDKITE_PARALLEL_JOB_COUNT", oneBased: false },
  { name: "a Kubernetes Indexed Job", index: "JOB_COMPLETION_INDEX", oneBased: false },
  { name: "an AWS Batch array job", index: "AWS_BATCH_JOB_ARRAY_INDEX", oneBased: false },
];

/** The shard from the one system whose index variable is set; a clear error when none or several are. */
export function shardFromEnv(env: Record<string, string | undefined>, shardCount?: number): Shard {
  const set = SOURCES.filter((s) => env[s.index] !== undefined && env[s.index] !== "");
  if (set.length > 1) {
    // Picking one by list order would silently run the wrong slice (and two jobs the same one).
    throw invalidInput("--shard", "auto", `the variables of one CI or batch system, and ${set.length} are set: ${set.map((s) => `${s.name} (${s.index})`).join(", ")}; give --shard I/N instead`);
  }
  const source = set[0];
  if (!source) {
    throw invalidInput("--shard", "auto", `a CI or batch system's parallel-job variables, and none is set (looked for ${SOURCES.map((s) => s.index).join(", ")}); give --shard I/N instead`);
  }
  const rawIndex = env[source.index]!;
  const rawCount = source.count === undefined ? undefined : env[source.count];
  const count = shardCount ?? (rawCount === undefined ? undefined : wholeNumber(rawCount, source.count!));
  if (count === undefined) throw invalidInput("--shard-count", "(not given)", `the number of jobs: ${source.name} sets ${source.index} but no count`);
  const index = wholeNumber(rawIndex, source.index) - (source.oneBased ? 1 : 0);
  if (count < 1 || index < 0 || index >= count) {
    throw invalidInput(source.index, rawIndex, `an index within the ${count} jobs (${source.oneBased ? `1 to ${count}` : `0 to ${count - 1}`}) for ${source.name}`);
  }
  return { index, count };
}

function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim())) throw invalidInput(name, value, "a whole number");
  return Number(value);
}
