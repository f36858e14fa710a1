// The benchmark's workload, shared by the orchestrator, the sandbox process and every contender:
// which accounts and regions exist, how many option groups each (account, region) holds, and
// whether a contender's answers are right.

/** 16 regions, all enabled (none opt-in), in target order. */
export const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
  "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1",
];

/** The role every contender assumes in every account. */
export const ROLE_NAME = "BenchRole";

/** Region of the STS endpoint every contender calls AssumeRole in. */
export const STS_REGION = "us-east-1";

/** `count` member account ids, 12 digits, distinct from the sandbox's management account. */
export function accountIds(count) {
  return Array.from({ length: count }, (_, i) => String(300_000_000_001 + i));
}

/** 0–3 option groups per (account, region), spread so that a wrong target shows in the sum. */
export function optionGroupCount(accountId, region) {
  let h = 0x811c9dc5;
  for (const ch of `${accountId}/${region}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0) % 4;
}

/** Sandbox options for a workload; functions cannot cross IPC, so the sandbox process calls this. */
export function sandboxOptions({ accounts, regions, latencyMs, checkSignatures }) {
  return {
    // CPU-bound throughput runs turn off the sandbox's SigV4 checks (its own CPU, not the contenders').
    ...(checkSignatures === false && { checkSignatures: false }),
    accounts: accountIds(accounts).map((id) => ({ id, name: `bench-${id}` })),
    roles: accountIds(accounts).map((accountId) => ({ accountId, roleName: ROLE_NAME })),
    regions: { enabled: REGIONS.slice(0, regions), optIn: [] },
    optionGroups: optionGroupCount,
    latencyMs,
  };
}

/** Targets in the order every contender reports them: accounts × regions. */
export function targets(accounts, regions) {
  const out = [];
  for (const accountId of accountIds(accounts)) for (const region of REGIONS.slice(0, regions)) out.push({ accountId, region });
  return out;
}

/**
 * Compares a contender's answers (option-group counts in target order, or an error string per
 * failed target) with the truth; returns the number of wrong targets and the first few.
 */
export function checkResults(results, accounts, regions) {
  const expected = targets(accounts, regions).map((t) => optionGroupCount(t.accountId, t.region));
  const wrong = [];
  if (!Array.isArray(results) || results.length !== expected.length) {
    return { ok: false, wrong: expected.length, examples: [`expected ${expected.length} results, got ${Array.isArray(results) ? results.length : typeof results}`] };
  }
  for (let i = 0; i < expected.length; i++) if (results[i] !== expected[i]) wrong.push(i);
  const all = targets(accounts, regions);
  return {
    ok: wrong.length === 0,
    wrong: wrong.length,
    examples: wrong.slice(0, 3).map((i) => `${all[i].accountId}/${all[i].region}: expected ${expected[i]}, got ${JSON.stringify(results[i])}`),
  };
}
