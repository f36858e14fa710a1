// The built package as users get it: import and require both work, the sandbox is a separate
// entry, and a script that never calls close() exits as soon as its last line has run.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";

const root = new URL("../..", import.meta.url).pathname;
const env = { PATH: process.env.PATH, AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const node = (args: string[], extraEnv: Record<string, string> = {}) => execFileSync(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, encoding: "utf8" });

/** The files a built entry statically imports (transitively), and the packages they name. */
function staticGraph(entry: string): { seen: Set<string>; external: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)";/gm)) {
      if (spec!.startsWith(".")) visit(join(dirname(file), spec!));
      else external.add(spec!);
    }
  };
  visit(entry);
  return { seen, external };
}

let sb: Sandbox;
beforeAll(async () => (sb = await startSandbox()));
afterAll(async () => sb.close());

describe("the built package", () => {
  it("works with import and with require", () => {
    expect(node(["--input-type=module", "-e", 'import * as m from "sessionfleet"; console.log(Object.keys(m).sort().join(","))'])).toContain("CredentialSession");
    expect(node(["-e", 'const m = require("sessionfleet"); console.log(typeof m.CredentialSession, typeof m.fanOut, typeof require("sessionfleet/sandbox").startSandbox)']).trim()).toBe(
      "function function function",
    );
  });

  it("the main entry's static import graph holds no sandbox and no Organizations/Account/EC2 client", () => {
    const { seen, external } = staticGraph(join(root, "dist/index.js"));
    expect([...seen].filter((f) => f.includes("/sandbox/") || f.includes("/cli/"))).toEqual([]);
    expect([...external].filter((p) => /client-(organizations|account|ec2|rds)|credential-providers/.test(p))).toEqual([]);
  });

  it("importing the main entry loads no package at all: yaml, the SDK, p-limit and the fan-out engine load on first use (issue 23)", () => {
    // require.cache holds every CommonJS module loaded; yaml and the SDK's entry points are CommonJS.
    const probe = 'import { createRequire } from "node:module"; await import("sessionfleet"); const c = Object.keys(createRequire(process.cwd() + "/").cache); console.log(JSON.stringify([...new Set(c.filter((f) => f.includes("/node_modules/")).map((f) => f.split("/node_modules/").pop().split("/").slice(0, 1)[0]))]))';
    expect(JSON.parse(node(["--input-type=module", "-e", probe]).trim())).toEqual([]);
    const { external } = staticGraph(join(root, "dist/index.js"));
    expect([...external].filter((spec) => !spec.startsWith("node:")).sort()).toEqual([]);
    // Nor the Node modules only some features use (src/node-builtins.ts), nor the engine.
    expect([...external].filter((spec) => /^node:(https?|crypto|net|os|fs\/promises|async_hooks)$/.test(spec))).toEqual([]);
  });

  it("a script that makes one call and never closes exits within a second of its last line", async () => {
    const script = `
      import { CredentialSession } from "sessionfleet";
      import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
      const session = new CredentialSession({ credentials: { accessKeyId: process.env.K, secretAccessKey: process.env.S }, region: "us-east-1", clientConfig: { endpoint: process.env.E } });
      const me = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
      console.log(me.Account, Date.now());`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root, env: { ...env, K: sb.credentials.accessKeyId, S: sb.credentials.secretAccessKey, E: sb.endpoint },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    const exitedAt = await new Promise<number>((resolve) => child.on("exit", () => resolve(Date.now())));
    const [account, lastLineAt] = out.trim().split(" ");
    expect(account).toBe("100000000001");
    expect(exitedAt - Number(lastLineAt)).toBeLessThan(1000);
    expect(sb.stats().openConnections).toBe(0);
  });
});
