// State shared by the pieces of one fan-out run.
import type { LimitFunction } from "p-limit";
import { FleetError } from "../errors.js";
import type { RunControl } from "./abort.js";
import type { KeyedLimits } from "./limits.js";
import type { Lookahead } from "./lookahead.js";
import type { FanOutPlan } from "./options.js";
import type { Progress } from "./progress.js";
import type { FanOutRecord, FanOutTask } from "./types.js";

/**
 * Where records go. Units are numbered in target order; `size` announces a unit's record
 * count before its first `put`. Awaiting `put` is how a slow consumer slows the run.
 */
export interface RecordOutput<T> {
  size(unit: number, count: number): void;
  put(record: FanOutRecord<T>, unit: number, position: number): void | Promise<void>;
}

/** Everything the parts of one run share. */
export interface RunContext<T> {
  plan: FanOutPlan;
  task: FanOutTask<T>;
  control: RunControl;
  /** Every request-making piece of work (task, STS, discovery) holds one of these slots. */
  global: LimitFunction;
  accountLimits: KeyedLimits;
  regionLimits: KeyedLimits;
  /** `"enabled"` regions per account, listed once per account. */
  enabledRegions: Map<string, Promise<readonly string[]>>;
  progress: Progress;
  /** How many units the run keeps open; fed with AssumeRole and task times. */
  lookahead?: Lookahead;
  out: RecordOutput<T>;
}

/** A failure tagged with the stage it happened in, thrown inside guarded work. */
export class StageFailure {
  constructor(
    readonly stage: "assume-role" | "discover" | "task",
    readonly cause: unknown,
  ) {}
}

/** Re-throws `error` tagged with `stage`. */
export function failAt(stage: StageFailure["stage"]): (error: unknown) => never {
  return (error) => {
    throw new StageFailure(stage, error);
  };
}

/** The FleetError code for a failure at a stage: a FleetError cause keeps its own code. */
export function codeFor(stage: StageFailure["stage"], cause: unknown): FleetError["code"] {
  if (stage === "task") return "ERR_TASK";
  if (cause instanceof FleetError && cause.code !== "ERR_INVALID_INPUT") return cause.code;
  return stage === "assume-role" ? "ERR_ASSUME_ROLE" : "ERR_DISCOVERY";
}
