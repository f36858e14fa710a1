import type { SandboxStats } from "./types.js";

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

/** Counters behind `Sandbox.stats()`; connection gauges survive `reset()`, counters do not. */
export class StatsRecorder {
  private s: SandboxStats = StatsRecorder.empty();

  private static empty(): SandboxStats {
    return {
      requests: 0, byService: {}, byAction: {}, byAccount: {}, byRegion: {}, assumeRole: { total: 0, byAccount: {} },
      errors: {}, connections: 0, openConnections: 0, inFlight: 0, maxInFlight: 0, signatureFailures: 0, faults: {},
    };
  }

  request(service: string, action: string, account: string, region: string): void {
    this.s.requests++;
    bump(this.s.byService, service);
    bump(this.s.byAction, `${service}:${action}`);
    bump(this.s.byAccount, account);
    bump(this.s.byRegion, region);
  }

  assumeRole(targetAccount: string): void {
    this.s.assumeRole.total++;
    bump(this.s.assumeRole.byAccount, targetAccount);
  }

  error(code: string): void {
    bump(this.s.errors, code);
  }

  fault(kind: string): void {
    bump(this.s.faults, kind);
  }

  signatureFailure(): void {
    this.s.signatureFailures++;
  }

  connectionOpened(): void {
    this.s.connections++;
    this.s.openConnections++;
  }

  connectionClosed(): void {
    this.s.openConnections--;
  }

  started(): void {
    this.s.inFlight++;
    if (this.s.inFlight > this.s.maxInFlight) this.s.maxInFlight = this.s.inFlight;
  }

  finished(): void {
    this.s.inFlight--;
  }

  /** A deep copy, so callers can keep snapshots and diff them. */
  snapshot(): SandboxStats {
    return structuredClone(this.s);
  }

  /** Zeroes the counters; open connections and requests in flight stay (they are still true). */
  reset(): void {
    const { openConnections, inFlight } = this.s;
    this.s = StatsRecorder.empty();
    this.s.openConnections = openConnections;
    this.s.inFlight = inFlight;
    this.s.maxInFlight = inFlight;
  }
}
