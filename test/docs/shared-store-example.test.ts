// examples/shared-store.ts against the sandbox (STS, RDS) and dynalite (DynamoDB): three worker
// processes, two tenants, two AssumeRole in all; the TTL sentence dynalite earns is printed.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxEnv, startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { startDynalite, type Dynalite } from "../store/dynalite.js";
import { main } from "../../examples/shared-store.js";

let sb: Sandbox;
let db: Dynalite;
const saved = { ...process.env };
beforeAll(async () => {
  sb = await startSandbox();
  db = await startDynalite();
  Object.assign(process.env, sandboxEnv(sb), {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, SESSIONFLEET_CACHE_KEY: randomBytes(32).toString("base64"),
  });
});
afterAll(async () => {
  for (const key of [...Object.keys(sandboxEnv(sb)), "AWS_ENDPOINT_URL_DYNAMODB", "SESSIONFLEET_CACHE_KEY"]) if (saved[key] === undefined) delete process.env[key];
  await db?.close();
  await sb?.close();
});

describe("examples/shared-store.ts", () => {
  it("three workers, two tenants: the same answers everywhere and 2 AssumeRole for the fleet", async () => {
    sb.resetStats();
    const lines: string[] = [];
    const warnings: string[] = [];
    const code = await main(["--table", "example-credentials", "--workers", "3", "200000000001", "200000000002"], (l) => lines.push(l), (l) => warnings.push(l));
    expect(code).toBe(0);
    expect(lines).toEqual([1, 2, 3].map((i) => `worker ${i}: 200000000001 3, 200000000002 2`));
    expect(sb.stats().assumeRole.total).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^This DynamoDB server cannot enable TTL/);
  }, 60_000);
});
