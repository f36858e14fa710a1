import { invalidInput } from "../errors.js";

/** A TCP port 0-65535 (0: any free port). */
export function checkPort(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 65_535) throw invalidInput("port", value, "a whole number from 0 to 65535");
  return value;
}

/** Offset of the sandbox clock in seconds, within ±1 day. */
export function checkClockSkewSeconds(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) > 86_400) throw invalidInput("clockSkewSeconds", value, "a whole number of seconds from -86400 to 86400");
  return value;
}

/** Lifetime of issued credentials in seconds (short ones let tests watch a refresh). */
export function checkCredentialSeconds(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 43_200) throw invalidInput("credentialSeconds", value, "a whole number of seconds from 1 to 43200");
  return value;
}

/** Whether SigV4 signatures are verified (default true; false only for throughput benchmarks). */
export function checkCheckSignatures(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== "boolean") throw invalidInput("checkSignatures", value, "true or false");
  return value;
}
