// Fault and latency decisions. Faults are drawn from a PRNG seeded per request key and the
// key's occurrence count, so a concurrent fan-out whose requests interleave differently from
// run to run still sees the same faults for the same (service, action, account, region) calls.
import { invalidInput } from "../errors.js";
import { isKnownRegion } from "../partitions.js";
import { checkOptionsObject } from "../validate.js";
import { SERVICES } from "./protocols.js";
import type { SandboxFaults, SandboxLatency } from "./types.js";

/** What to do to one request. */
export type Fault = "reset" | "throttle" | "serverError" | "unavailable" | "htmlError" | "emptyOk" | undefined;

/**
 * The answer of a proxy standing in front of AWS: an HTML 502 page, or a 200 with an empty body
 * (what a misconfigured load balancer or captive portal sends); neither is an AWS document.
 */
export function proxyReply(fault: "htmlError" | "emptyOk"): { status: number; headers: Record<string, string>; body: string } {
  if (fault === "emptyOk") return { status: 200, headers: { "content-type": "text/xml" }, body: "" };
  return { status: 502, headers: { "content-type": "text/html" }, body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>" };
}

/** mulberry32: a tiny PRNG with good enough spread for fault rates. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Seeded fault decisions; `undefined` options mean no faults. */
export class FaultInjector {
  private readonly seen = new Map<string, number>();
  private readonly seed: number;
  private readonly reset: number;
  private readonly throttle: number;
  private readonly server: number;
  private readonly html: number;
  private readonly empty: number;
  private readonly services: Set<string> | undefined;

  constructor(faults: SandboxFaults | null | undefined) {
    const f = faults == null ? {} : checkOptionsObject(faults, "faults", ["seed", "throttleRate", "serverErrorRate", "resetRate", "htmlErrorRate", "emptyOkRate", "services"]) as SandboxFaults;
    if (f.seed !== undefined && (!Number.isInteger(f.seed) || Math.abs(f.seed) > 2 ** 32)) throw invalidInput("faults.seed", f.seed, "a whole number");
    this.seed = f.seed ?? 1;
    this.reset = rate(f.resetRate, "faults.resetRate");
    this.throttle = rate(f.throttleRate, "faults.throttleRate");
    this.server = rate(f.serverErrorRate, "faults.serverErrorRate");
    this.html = rate(f.htmlErrorRate, "faults.htmlErrorRate");
    this.empty = rate(f.emptyOkRate, "faults.emptyOkRate");
    if (this.reset + this.throttle + this.server + this.html + this.empty > 1) throw invalidInput("faults", f, "rates that add up to at most 1");
    if (f.services !== undefined) {
      if (!Array.isArray(f.services)) throw invalidInput("faults.services", f.services, `an array of ${SERVICES.join(", ")}`);
      for (const s of f.services) if (!(SERVICES as string[]).includes(s)) throw invalidInput("faults.services", s, `one of ${SERVICES.join(", ")}`);
      this.services = new Set(f.services);
    }
  }

  /** The fault for the n-th request with this key (n counted here). */
  decide(service: string, key: string): Fault {
    if (this.reset + this.throttle + this.server + this.html + this.empty === 0) return undefined;
    if (this.services !== undefined && !this.services.has(service)) return undefined;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    const random = mulberry32(fnv1a(`${this.seed}|${key}|${n}`));
    const r = random();
    if (r < this.reset) return "reset";
    if (r < this.reset + this.throttle) return "throttle";
    if (r < this.reset + this.throttle + this.server) return random() < 0.5 ? "serverError" : "unavailable";
    if (r < this.reset + this.throttle + this.server + this.html) return "htmlError";
    if (r < this.reset + this.throttle + this.server + this.html + this.empty) return "emptyOk";
    return undefined;
  }
}

function rate(value: unknown, option: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw invalidInput(option, value, "a rate from 0 to 1");
  return value;
}

/** Latency settings, validated. */
export interface ResolvedLatency {
  base: number;
  byRegion: Record<string, number>;
  byService: Record<string, number>;
  byAccount: Record<string, number>;
  firstRequestOnConnection: number;
}

/** Validates a latency option; numbers are milliseconds ≥ 0. */
export function resolveLatency(value: SandboxLatency | null | undefined): ResolvedLatency {
  if (value == null) return { base: 0, byRegion: {}, byService: {}, byAccount: {}, firstRequestOnConnection: 0 };
  if (typeof value === "number") return { base: ms(value, "latencyMs"), byRegion: {}, byService: {}, byAccount: {}, firstRequestOnConnection: 0 };
  const l = checkOptionsObject(value, "latencyMs", ["default", "byRegion", "byService", "byAccount", "firstRequestOnConnection"]) as Exclude<SandboxLatency, number>;
  const byRegion = l.byRegion === undefined ? {} : checkOptionsObject(l.byRegion, "latencyMs.byRegion", Object.keys(l.byRegion).filter(isKnownRegion));
  const byService = l.byService === undefined ? {} : checkOptionsObject(l.byService, "latencyMs.byService", SERVICES);
  for (const [k, v] of Object.entries(byRegion)) ms(v, `latencyMs.byRegion.${k}`);
  for (const [k, v] of Object.entries(byService)) ms(v, `latencyMs.byService.${k}`);
  const byAccount = l.byAccount === undefined ? {} : checkOptionsObject(l.byAccount, "latencyMs.byAccount", Object.keys(l.byAccount).filter((k) => /^\d{12}$/.test(k)));
  for (const [k, v] of Object.entries(byAccount)) ms(v, `latencyMs.byAccount.${k}`);
  return {
    base: l.default === undefined ? 0 : ms(l.default, "latencyMs.default"),
    byRegion: byRegion as Record<string, number>,
    byService: byService as Record<string, number>,
    byAccount: byAccount as Record<string, number>,
    firstRequestOnConnection: l.firstRequestOnConnection === undefined ? 0 : ms(l.firstRequestOnConnection, "latencyMs.firstRequestOnConnection"),
  };
}

/** Delay for one request; `account` is the one it acts in (see SandboxLatency). */
export function delayFor(l: ResolvedLatency, service: string, region: string, firstOnConnection: boolean, account = ""): number {
  return l.base + (l.byRegion[region] ?? 0) + (l.byService[service] ?? 0) + (l.byAccount[account] ?? 0) + (firstOnConnection ? l.firstRequestOnConnection : 0);
}

function ms(value: unknown, option: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 600_000) throw invalidInput(option, value, "milliseconds from 0 to 600000");
  return value;
}
