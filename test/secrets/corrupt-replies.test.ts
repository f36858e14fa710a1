// Issue 12 D.19: whatever STS sends back — a truncated, garbled or HTML AssumeRole body — no
// access key id, secret key or session token shows in a record, error or report, even under
// util.inspect(x, { showHidden: true, depth: null }). The SDK keeps an unparseable body as
// `$responseBodyText` (and as `$response.body`) on the error it throws; those must not survive.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetError } from "../../src/index.js";
import { ConnectionPool, CredentialSession, fanOut } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { leaks, startRecorder, type Secret } from "./capture.js";

type Mode = "truncated" | "garbled" | "html";
const MODES: Mode[] = ["truncated", "garbled", "html"];

/** The AssumeRole body as a hostile middlebox would pass it on. */
function corrupt(body: string, mode: Mode): string {
  switch (mode) {
    case "truncated":
      // Cut inside the session token, after the key id and the secret.
      return body.slice(0, body.indexOf("<SessionToken>") + 40);
    case "garbled":
      return body.replace(/<\/SecretAccessKey>/, "</Secret\u0000AccessKey").replace(/<\/Credentials>/, "<<Credentials>");
    case "html":
      return `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Upstream said</h1><pre>${body}</pre><p>${body.replace(/</g, "&lt;")}</p></body></html>`;
  }
}

interface Proxy {
  endpoint: string;
  mode: Mode;
  issued: Secret[];
  close(): Promise<void>;
}

/** A proxy to the sandbox that records issued credentials and corrupts AssumeRole answers. */
async function startCorruptingProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = { endpoint: "", mode: "truncated", issued: [], close: async () => undefined };
  const recorder = await startRecorder(target, (body, headers) => {
    if (!body.includes("<AssumeRoleResponse")) return undefined;
    const changed = { ...headers };
    if (proxy.mode === "html") changed["content-type"] = "text/html";
    delete changed["content-length"];
    return { body: corrupt(body, proxy.mode), headers: changed };
  });
  return Object.assign(proxy, { endpoint: recorder.endpoint, issued: recorder.issued, close: () => recorder.close() });
}

const deep = (value: unknown): string => `${inspect(value, { showHidden: true, depth: null, getters: true })}\n${JSON.stringify(value) ?? ""}\n${String(value)}`;
const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => new Error("expected a failure"), (e: unknown) => e);

let sb: Sandbox;
let px: Proxy;
let pool: ConnectionPool;
const seen: Array<{ mode: Mode; where: string; text: string; error: unknown }> = [];

beforeAll(async () => {
  sb = await startSandbox();
  px = await startCorruptingProxy(sb.endpoint);
  pool = new ConnectionPool();
  for (const mode of MODES) {
    px.mode = mode;
    const base = new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: px.endpoint, maxAttempts: 1 }, pool });
    const error = await failure(base.assumeRole("arn:aws:iam::200000000001:role/OrganizationAccountAccessRole").getCredentials());
    seen.push({ mode, where: "getCredentials error", text: deep(error), error });
    let stack = "";
    for (let e: unknown = error, i = 0; e instanceof Error && i < 8; e = e.cause, i++) stack += `${e.stack ?? ""}\n${e.message}\n`;
    seen.push({ mode, where: "stacks and messages of the cause chain", text: stack, error });
    const report = await fanOut({ session: base, accounts: ["200000000002"], roles: "OrganizationAccountAccessRole", regions: ["us-east-1"] }, async () => 1);
    seen.push({ mode, where: "fanOut report", text: deep(report), error: report.failed[0]?.error });
    await base.close();
  }
});
afterAll(async () => {
  pool.destroy();
  await px.close();
  await sb.close();
});

describe("a corrupted AssumeRole answer leaks no secret", () => {
  it("the run was real: STS issued 6 credentials, each answer was corrupted and failed as assume-role", () => {
    expect(px.issued.filter((s) => s.kind === "issued secret key")).toHaveLength(6);
    expect(seen.filter((s) => s.where === "getCredentials error").map((s) => [s.mode, (s.error as FleetError).code])).toEqual(MODES.map((m) => [m, "ERR_ASSUME_ROLE"]));
    expect(seen.filter((s) => s.where === "fanOut report").map((s) => [s.mode, (s.error as FleetError | undefined)?.stage])).toEqual(MODES.map((m) => [m, "assume-role"]));
  });

  for (const mode of MODES) {
    it(`${mode}: no key id, secret or token under showHidden in errors, causes, stacks and the report`, () => {
      const secrets: Secret[] = [
        { kind: "caller access key id", value: sb.credentials.accessKeyId },
        { kind: "caller secret key", value: sb.credentials.secretAccessKey },
        ...px.issued,
      ];
      expect(seen.filter((s) => s.mode === mode).flatMap((s) => leaks(secrets, s.text, `${mode}: ${s.where}`))).toEqual([]);
    });
  }
});
