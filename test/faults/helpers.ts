// Shared set-up of the fault suite: a fleet of N accounts × M regions whose option-group counts
// are known in advance (so "right value" is an equality), a fast retry strategy per client, and
// a process-level collector of unhandled rejections.
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, afterEach, expect } from "vitest";
import type { CredentialSession } from "../../src/index.js";
import { harness, type Harness } from "../e2e/helpers.js";
import type { SandboxOptions } from "../../src/sandbox/index.js";

export const FLEET_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
export const ROLE = "OrganizationAccountAccessRole";

/** `count` member account ids: 300000000001, 300000000002, … */
export function accountIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `3000000000${String(i + 1).padStart(2, "0")}`);
}

/** Option groups of (account, region): 1-7, different for neighbours, never 0 (0 would hide a lost page). */
export function expectedGroups(accountId: string, region: string): number {
  return ((Number(accountId.slice(-2)) * 3 + FLEET_REGIONS.indexOf(region)) % 7) + 1;
}

/** Sandbox options for a fleet: members with the default role, the fleet's regions, known counts. */
export function fleetSandbox(accounts: string[], regions = FLEET_REGIONS, extra: SandboxOptions = {}): SandboxOptions {
  return {
    accounts: accounts.map((id) => ({ id })),
    regions: { enabled: regions },
    optionGroups: (accountId, region) => expectedGroups(accountId, region),
    ...extra,
  };
}

/**
 * clientConfig giving every client its own retry strategy with `maxAttempts` (default: the SDK's
 * 3) and millisecond backoff. A getter, because the session spreads clientConfig into each client:
 * one shared instance would share one retry-token bucket across every account and region.
 */
export function fastRetries(maxAttempts = 3, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = { ...extra };
  Object.defineProperty(config, "retryStrategy", {
    enumerable: true,
    get: () => new ConfiguredRetryStrategy(maxAttempts, (attempt: number) => attempt * 2),
  });
  return config;
}

/** The task every scenario runs: count the option groups of the target (all pages). */
export async function countGroups(session: CredentialSession, signal?: AbortSignal): Promise<number> {
  const rds = session.client(RDSClient);
  let marker: string | undefined;
  let count = 0;
  do {
    const out = await rds.send(new DescribeOptionGroupsCommand({ Marker: marker }), signal ? { abortSignal: signal } : {});
    count += out.OptionGroupsList?.length ?? 0;
    marker = out.Marker;
  } while (marker);
  return count;
}

/** Collects unhandled rejections from now until `stop()`. */
export function watchUnhandled(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on("unhandledRejection", onRejection);
  return { seen, stop: () => process.off("unhandledRejection", onRejection) };
}

/** Lets pending microtasks and one macrotask turn run, so a late rejection is reported before we look. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Registers a fault file's hooks: the test's harness is closed after it, leaving no socket open in
 * the pool, and the file ends with no unhandled rejection. `start` makes the test's harness.
 */
export function faultSuite(): { start(...args: Parameters<typeof harness>): Promise<Harness> } {
  const unhandled = watchUnhandled();
  let current: Harness | undefined;
  afterEach(async () => {
    if (current) {
      await current.close();
      // close() destroys every socket of the pool: nothing stays open after a faulty run.
      expect(current.pool.stats().socketsOpen).toBe(0);
    }
    current = undefined;
  });
  afterAll(async () => {
    await settle();
    unhandled.stop();
    expect(unhandled.seen).toEqual([]);
  });
  return {
    async start(...args) {
      current = await harness(...args);
      return current;
    },
  };
}
