// Parsers for single CLI flag values. Each one either returns a normalised value or throws the
// same ERR_INVALID_INPUT the library throws, naming the flag (e.g. "--regions") and quoting the
// value, so a typo is reported before anything touches the network.
import { flagError } from "./flag-message.js";
import { invalidInput } from "../../errors.js";
import { checkAccountId, checkDurationSeconds, checkPositiveInteger, checkRegion, checkRoleName, parseRoleArn } from "../../validate.js";

/** Output formats of the fan-out commands. */
export const FORMATS = ["table", "json", "csv", "ndjson", "matrix"] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** `a,b` given once or `--x a --x b` given twice: one flat list, empty items dropped. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** `--accounts ID,ID|org|sso`: account ids (deduplicated, in order), the whole organisation, or an SSO sign-in's accounts. */
export function parseAccounts(values: readonly string[]): string[] | "organization" | "sso" {
  const items = splitList(values);
  if (items.length === 0) throw invalidInput("--accounts", values.join(","), "12-digit account ids separated by commas, \"org\" or \"sso\"");
  if (items.length === 1 && (items[0] === "org" || items[0] === "organization")) return "organization";
  if (items.length === 1 && items[0] === "sso") return "sso";
  return [...new Set(items.map((id) => checkAccountId(id, "--accounts")))];
}

/** `--regions R,R|enabled|all`. */
export function parseRegions(values: readonly string[]): string[] | "enabled" | "all" {
  const items = splitList(values);
  if (items.length === 1 && (items[0] === "enabled" || items[0] === "all")) return items[0];
  if (items.length === 0) throw invalidInput("--regions", values.join(","), "region names separated by commas, \"enabled\" or \"all\"");
  return [...new Set(items.map((r) => checkRegion(r, "--regions")))];
}

/** `--role NAME|ARN` (repeatable). Names are checked here; ARNs are parsed so a typo fails early. */
export function parseRoles(values: readonly string[]): string[] {
  return [...new Set(values.map((role) => (role.startsWith("arn:") ? parseRoleArn(role, "--role").arn : checkRoleName(role, "--role"))))];
}

/** `--ou ou-xxxx-yyyyyyyy|r-xxxx` (repeatable, comma-separated). */
export function parseOus(values: readonly string[]): string[] {
  return splitList(values).map((ou) => {
    if (!/^(?:ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/.test(ou)) {
      throw invalidInput("--ou", ou, "an organizational unit id such as \"ou-ab12-cd34ef56\" or a root id such as \"r-ab12\"");
    }
    return ou;
  });
}

/** `--shard I/N`, 1-based on the command line (like jest and playwright), 0-based in the API. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw invalidInput("--shard", value, "I/N with 1 <= I <= N, e.g. \"1/4\"");
  return { index: index - 1, count };
}

/** A whole positive number, e.g. `--concurrency 32`. */
export function parseInteger(value: string, option: string, max?: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= (max ?? Number.MAX_SAFE_INTEGER))) throw flagError(option, value, `must be a positive integer${max === undefined ? "" : ` (at most ${max})`}`);
  return checkPositiveInteger(n, option, max);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--timeout MS`: milliseconds, or with a unit: `500ms`, `30s`, `2m`, `1h`. */
export function parseTimeoutMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? "ms"] ?? 1) : 0;
  // Past 2^31-1 ms Node's timers fire at once, so a huge timeout would time out every target.
  if (!match || ms < 1 || ms > 2_147_483_647) throw invalidInput("--timeout", value, "a positive number of milliseconds up to 24 days, or with a unit: 500ms, 30s, 2m, 1h");
  return ms;
}

/** `sandbox --latency`: milliseconds, or `400ms`, `2s`; at most a minute. */
export function parseLatencyMs(value: string): number {
  const match = /^(\d+)(ms|s)?$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (UNITS[match[2] ?? "ms"] ?? 1) : Number.NaN;
  if (!(ms >= 0 && ms <= 60_000)) throw invalidInput("--latency", value, "milliseconds from 0 to 60000, or with a unit: 400ms, 2s");
  return ms;
}

/** `--duration`: seconds, or with a unit (`15m`, `1h`), within what STS accepts. */
export function parseDurationSeconds(value: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(value.trim());
  const seconds = match ? (Number(match[1]) * (UNITS[match[2] ?? "s"] ?? 1000)) / 1000 : Number.NaN;
  if (!match || !(seconds >= 900 && seconds <= 43_200)) throw flagError("--duration", value, "must be from 15m (900 seconds) to 12h (43200 seconds); give seconds or a unit such as 15m, 1h, 12h");
  return checkDurationSeconds(seconds, "--duration");
}

/** `--endpoint-url`: an absolute http(s) URL. */
export function parseEndpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw invalidInput("--endpoint-url", value, "an absolute http:// or https:// URL such as \"http://127.0.0.1:4566\"");
  }
  return value;
}

/** `--port N` for the sandbox: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 65_535)) throw invalidInput("--port", value, "a port number from 0 (any free port) to 65535");
  return n;
}

/** `--format`. */
export function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw invalidInput("--format", value, `one of ${FORMATS.join(", ")}`);
  return value as Format;
}

/** `--input JSON`: the operation's input, which must be a JSON object. */
export function parseInput(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidInput("--input", value, "a JSON object such as '{\"MaxResults\": 5}'");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw invalidInput("--input", value, "a JSON object such as '{\"MaxResults\": 5}'");
  return parsed as Record<string, unknown>;
}

/** `call <service>`: the suffix of an `@aws-sdk/client-<service>` package. */
export function parseServiceName(value: string): string {
  const service = value.trim().toLowerCase();
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(service)) throw invalidInput("<service>", value, "a service name such as \"ec2\", \"sts\" or \"rds\" (the suffix of @aws-sdk/client-<service>)");
  return service;
}

/**
 * `call <Operation>`: `DescribeVpcs`, or the AWS CLI's spelling `describe-vpcs`, kept as written:
 * which SDK operation a kebab-case name means is known only from the client package
 * (`describe-db-instances` is DescribeDBInstances; see operation-names.ts).
 */
export function parseOperationName(value: string): string {
  const trimmed = value.trim();
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(trimmed) || /^[A-Z][A-Za-z0-9]*$/.test(trimmed)) return trimmed;
  throw invalidInput("<Operation>", value, "an operation name such as \"DescribeVpcs\" or \"describe-vpcs\"");
}

/**
 * `--mfa-code` / SESSIONFLEET_MFA_CODE: six digits, the form STS's TokenCode takes (AssumeRole API
 * reference: "The format for this parameter ... is a sequence of six numeric digits"). The value is
 * never quoted back: it is a credential for as long as it is valid.
 */
export function parseMfaCode(value: string, option: string): string {
  const code = value.trim();
  if (!/^\d{6}$/.test(code)) throw invalidInput(option, "(the code given)", "the six digits your MFA device shows");
  return code;
}

/** `exec --output-dir DIR`: a path with no control characters (it becomes DIR/<account>/<region>.out). */
export function parseOutputDir(value: string): string {
  if (value.trim() === "" || [...value].some((c) => c < " " || c === "\u007f")) throw invalidInput("--output-dir", value, "a directory path");
  return value;
}
