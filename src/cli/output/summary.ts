// The stderr summary of a run's failures: one block per (stage, kind, code) with a count, up to
// three example targets, the AWS message once and one line of advice. `--verbose` adds one short
// line per failed target first. A run over 30 regions with one account lacking the role prints
// four lines, not ninety.
import type { FailureGroup } from "../../fanout/types.js";
import { causeMessage, groupFailures } from "../../fanout/groups.js";
import type { FanOutFailure, FleetErrorKind, FleetStage } from "../../index.js";
import type { Palette } from "./color.js";
import { countOf } from "./plural.js";
import { untrusted } from "../../untrusted.js";

const EXAMPLES = 3;
const MAX_MESSAGE = 300;

/** The summary for `failed` out of `total` targets; `""` when nothing failed. */
export function renderFailureSummary(failed: readonly FanOutFailure[], total: number, verbose: boolean, colors: Palette): string {
  if (failed.length === 0) return "";
  const groups = groupFailures(failed);
  const lines: string[] = [];
  if (verbose) {
    const messageOf = new Map<FanOutFailure, string>();
    for (const g of groups) for (const t of g.targets) messageOf.set(t, g.message);
    for (const record of failed) lines.push(verboseLine(record, messageOf.get(record) ?? "", colors));
  }
  lines.push(`${colors.red("failed:")} ${failed.length} of ${countOf(total, "target")}${groups.length > 1 ? `, ${groups.length} kinds of failure` : ""}`);
  for (const group of groups) lines.push(...groupLines(group, colors));
  return `${lines.join("\n")}\n`;
}

function groupLines(group: FailureGroup, colors: Palette): string[] {
  const { targets } = group;
  const examples = targets.slice(0, EXAMPLES).map(place).join(", ");
  const more = targets.length > EXAMPLES ? `, and ${targets.length - EXAMPLES} more` : "";
  const aws = group.awsCode === undefined ? "" : ` (${untrusted(group.awsCode)})`;
  return [
    `  ${colors.bold(`${targets.length} × ${group.stage} ${group.kind}`)} ${untrusted(group.code)}${aws}: ${examples}${more}`,
    `    ${group.awsCode === undefined ? "message" : "AWS said"}: ${short(group.message)}`,
    `    ${colors.yellow("what to do")}: ${advice(group.kind, group.stage, group.message, group.awsCode)}`,
  ];
}

function verboseLine(record: FanOutFailure, groupMessage: string, colors: Palette): string {
  const role = record.roleArn === undefined ? "" : ` ${record.roleArn.split("/").pop() ?? record.roleArn}`;
  const aws = record.error.awsCode === undefined ? "" : ` (${untrusted(record.error.awsCode)})`;
  const message = causeMessage(record.error);
  const own = message === groupMessage ? "" : `: ${short(message, 160)}`;
  return `${colors.red("failed")} ${place(record)}${untrusted(role)} ${record.stage} ${record.error.kind}${aws}${own}`;
}

/** "300000000002 us-east-1"; a failure before the account's regions were known has none. */
function place(record: FanOutFailure): string {
  if (!record.accountId) return "(the run)";
  return untrusted(record.region ? `${record.accountId} ${record.region}` : `${record.accountId} (regions unknown)`);
}

/** The first line of a message (a server's words), cut to `max` and with control characters escaped. */
function short(text: string, max = MAX_MESSAGE): string {
  const line = text.split("\n")[0] ?? text;
  return untrusted(line.length > max ? `${line.slice(0, max - 3)}...` : line);
}

/** One line a person can act on, in the CLI's flags. */
export function advice(kind: FleetErrorKind, stage: FleetStage, message: string, awsCode?: string): string {
  switch (kind) {
    case "access-denied": {
      // A key the service does not know: for the run's own discovery, the base keys are wrong;
      // for a target, AWS answers a call into a region the account has not enabled the same way.
      if (stage !== "assume-role" && /^(?:InvalidClientTokenId|UnrecognizedClientException|AuthFailure)$/.test(awsCode ?? "")) {
        return stage === "discover"
          ? "your access key is not known there: check the keys or --profile for this endpoint (sessionfleet whoami shows who you are)"
          : "the key is not valid there: the region may not be enabled for the account (use --regions enabled)";
      }
      if (stage !== "assume-role") return "the identity lacks permission for this call: allow it in the role's policy (and any SCP)";
      const caller = /User: (arn:\S+) is not authorized/.exec(message)?.[1] ?? "your identity (see sessionfleet whoami)";
      return `the role is missing or does not trust ${caller}`;
    }
    case "throttled":
      return "AWS is rate-limiting these calls: lower --concurrency or set --per-account N";
    case "timeout":
      return "raise --timeout, or lower --concurrency if many targets share one slow endpoint";
    case "network": {
      // Node's words for an untrusted certificate (errors-classify.ts TLS_UNTRUSTED).
      const tls = /^(?:self-signed certificate.*|unable to (?:verify|get) .*certificate.*|certificate (?:has expired|is not yet valid|has been revoked|signature failure)|Hostname\/IP does not match certificate's altnames.*)$/m.exec(message);
      if (tls) return `the endpoint's TLS certificate is not trusted (${tls[0].split(":")[0]}): behind a proxy that re-signs TLS, set AWS_CA_BUNDLE to its certificate authority; else check --endpoint-url`;
      return "the connection failed (reset, refused, DNS): check the network path, proxy or --endpoint-url";
    }
    case "server":
      return "the service (or a proxy in front of it) failed: try again later; check --endpoint-url if this persists";
    case "expired-credentials":
      return "the credentials expired: refresh them (aws sso login --profile X) and run again";
    case "not-found":
      return "the resource or operation does not exist there: check the names, the region and the endpoint";
    case "invalid-request":
      return "the service refused the request as invalid: check --input and the other flags";
    case "cancelled":
      return "the run was interrupted before these targets finished";
    case "config":
      return "fix the configuration: --profile, --region, or AWS_PROFILE";
    case "unknown":
      return "see the message; run again with --verbose to list every failed target";
  }
}
