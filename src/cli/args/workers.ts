// `--workers N|auto` of the fan-out commands.
import { availableParallelism } from "node:os";
import { invalidInput } from "../../errors.js";

// fanOut's MAX_WORKERS (src/fanout/workers/protocol.ts), not imported: --help loads no fan-out code.
const MAX_WORKERS = 256;

/** `auto`: one thread per core but one, left to the main thread (at least 1). */
export function parseWorkers(value: string, cores: number = availableParallelism()): number {
  if (value === "auto") return Math.max(1, cores - 1);
  const n = /^[1-9]\d{0,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) throw invalidInput("--workers", value, `a whole number from 1 to ${MAX_WORKERS}, or auto`);
  return n;
}
