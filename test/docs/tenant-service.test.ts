// examples/tenant-service.ts against the sandbox: per-tenant answers over HTTP, one AssumeRole
// per tenant however many requests, the LRU bound, /sessions metadata without secrets, and
// bad tenants as 400 / 403 before or at AssumeRole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { startTenantService, type TenantService } from "../../examples/tenant-service.js";

let sb: Sandbox;
let service: TenantService;
const saved = { ...process.env };

beforeAll(async () => {
  sb = await startSandbox();
  Object.assign(process.env, sandboxEnv(sb), { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  service = await startTenantService({ maxSessions: 2 });
});
afterAll(async () => {
  await service?.close();
  await sb?.close();
  for (const key of Object.keys(sandboxEnv(sb))) if (saved[key] === undefined) delete process.env[key];
});

const get = async (path: string) => {
  const res = await fetch(`${service.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("examples/tenant-service.ts", () => {
  it("answers per tenant with one AssumeRole per tenant, however many requests", async () => {
    sb.resetStats();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => get("/tenants/200000000001/option-groups")),
      get("/tenants/200000000001/option-groups?region=eu-west-1"),
      get("/tenants/200000000002/option-groups?region=us-west-2"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(answers[0]!.body).toEqual({ accountId: "200000000001", region: "us-east-1", optionGroups: ["sandbox-og-001", "sandbox-og-002", "sandbox-og-003"] });
    expect(answers[5]!.body).toEqual({ accountId: "200000000001", region: "eu-west-1", optionGroups: ["sandbox-og-001"] });
    expect(answers[6]!.body).toEqual({ accountId: "200000000002", region: "us-west-2", optionGroups: ["sandbox-og-001"] });
    expect(sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000002": 1 });
  });

  it("/sessions lists the live tenants (at most maxSessions) with metadata and no secret", async () => {
    expect((await get("/tenants/200000000004/option-groups?region=ap-northeast-1")).body.optionGroups).toHaveLength(4);
    const { status, body } = await get("/sessions");
    expect(status).toBe(200);
    const sessions = body.sessions as Array<{ accountId: string; uses: number; inFlight: number; clients: number; expiresAt: string }>;
    // maxSessions 2: the least recently used tenant (200000000001) was closed.
    expect(sessions.map((s) => [s.accountId, s.uses, s.inFlight, s.clients])).toEqual([["200000000002", 1, 0, 1], ["200000000004", 1, 0, 1]]);
    expect(body.stats).toMatchObject({ sessions: 2, created: 3, reused: 5, evicted: { idle: 0, capacity: 1, closed: 0 } });
    expect(Date.parse(sessions[0]!.expiresAt)).toBeGreaterThan(Date.now());
    expect(JSON.stringify(body)).not.toMatch(/ASIA|secret|token/i);
  });

  it("a bad account id is a 400 before any request; a tenant without the role is a 403", async () => {
    sb.resetStats();
    const bad = await get("/tenants/12345/option-groups");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("ERR_INVALID_INPUT");
    expect(sb.stats().requests).toBe(0);
    const refused = await get("/tenants/200000000003/option-groups");
    expect(refused).toMatchObject({ status: 403, body: { error: "ERR_ASSUME_ROLE" } });
    expect((await get("/nowhere")).status).toBe(404);
  });
});
