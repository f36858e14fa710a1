// `sessionfleet sandbox --latency` and its request counters (issue 22.9): what a user needs to test
// Ctrl-C and count AssumeRole calls without writing a library script.
import { describe, expect, it } from "vitest";
import { CredentialSession } from "../../src/index.js";
import { cleanEnv, runCli } from "./run-cli.js";

interface Exports { AWS_ENDPOINT_URL: string; AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string }

/** Starts `sandbox ...args`, runs `use` with its exports, then SIGINTs it; resolves with the run. */
function withSandbox(args: string[], use: (env: Exports) => Promise<void>): ReturnType<typeof runCli> & Promise<unknown> {
  let out = "";
  let used = false;
  let failure: unknown;
  return runCli(["sandbox", ...args], cleanEnv(), (child) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 25_000);
    child.on("exit", () => clearTimeout(kill));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (used || !out.includes("AWS_REGION=")) return;
      used = true;
      const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]])) as unknown as Exports;
      use(env).catch((error: unknown) => (failure = error)).finally(() => child.kill("SIGINT"));
    });
  }).then((run) => {
    if (failure) throw failure;
    return run;
  }) as never;
}

describe("sessionfleet sandbox", () => {
  it("--latency 400ms delays every AWS answer; GET /_sandbox/stats serves the counters as JSON; they are printed at exit", async () => {
    let elapsed = 0;
    let served: { requests: number; assumeRole: { total: number }; byAction: Record<string, number> } | undefined;
    const run = await withSandbox(["--latency", "400ms"], async (env) => {
      const session = new CredentialSession({ region: "us-east-1", credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }, clientConfig: { endpoint: env.AWS_ENDPOINT_URL } });
      try {
        const started = performance.now();
        await session.assumeRole({ roleArn: "arn:aws:iam::200000000001:role/OrganizationAccountAccessRole" }).getCredentials();
        elapsed = performance.now() - started;
        await session.identity();
      } finally {
        await session.close();
      }
      const response = await fetch(`${env.AWS_ENDPOINT_URL}/_sandbox/stats`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      served = await response.json() as typeof served;
    });
    expect(run.code).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    // The stats request itself is not counted.
    expect(served?.requests).toBe(2);
    expect(served?.assumeRole.total).toBe(1);
    expect(served?.byAction).toEqual({ "sts:AssumeRole": 1, "sts:GetCallerIdentity": 1 });
    expect(run.stderr).toContain("# latency: 400 ms on every AWS answer");
    expect(run.stderr).toContain("GET <endpoint>/_sandbox/stats");
    expect(run.stderr).toMatch(/# sandbox stats at exit: 2 requests, 1 AssumeRole, max \d+ in flight\n# {3}sts:AssumeRole 1\n# {3}sts:GetCallerIdentity 1\n/);
  });

  it("--latency takes a plain number of ms and refuses nonsense (exit 2); --help shows --latency and the stats path", async () => {
    const [bad, help] = await Promise.all([runCli(["sandbox", "--latency", "fast"]), runCli(["sandbox", "--help"])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--latency fast: expected");
    expect(help.stdout).toContain("--latency T");
    expect(help.stdout).toContain("/_sandbox/stats");
    const run = await withSandbox(["--latency", "0"], async (env) => {
      const response = await fetch(`${env.AWS_ENDPOINT_URL}/_sandbox/stats`);
      expect(((await response.json()) as { requests: number }).requests).toBe(0);
      // Only GET on exactly this path: anything else under /_sandbox/ is a 404, never an AWS answer.
      expect((await fetch(`${env.AWS_ENDPOINT_URL}/_sandbox/other`)).status).toBe(404);
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("# sandbox stats at exit: 0 requests");
  });
});
