// No secret key, session token or whole access key id (the caller's or any STS issued) appears
// in anything the library shows or hands out: stdout/stderr, the SDK's own logging through
// clientConfig.logger, JSON.stringify / util.inspect / String of sessions and errors, or stacks.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionPool, CredentialSession, FleetError } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { countGroups } from "../faults/helpers.js";
import { captureProcessOutput, leaks, recordingLogger, render, renderHidden, startRecorder, type Recorder, type Secret } from "./capture.js";

const WRONG_SECRET = "FAKEwrongSECRETnotREAL1111111111111111111";
const roleArn = (account: string, role = "OrganizationAccountAccessRole") => `arn:aws:iam::${account}:role/${role}`;

let sb: Sandbox;
let rec: Recorder;
let pool: ConnectionPool;
let secrets: Secret[] = [];
const log = recordingLogger();
/** Everything shown or handed out, by where it came from; `hidden`: our objects with non-enumerable properties. */
const shown: Array<[where: string, text: string]> = [];
const hidden: Array<[where: string, text: string]> = [];
const show = (where: string, value: unknown): void => {
  shown.push([where, render(value)]);
  shown.push([`String(${where})`, String(value)]);
  // Errors the SDK raises itself are the SDK's; those the library makes (and sessions) are ours.
  if (value instanceof FleetError || value instanceof CredentialSession) hidden.push([where, renderHidden(value)]);
  if (value instanceof Error) {
    let e: unknown = value;
    for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) shown.push([`${where} stack[${depth}]`, e.stack ?? ""]);
  }
};
const session = (extra: Partial<ConstructorParameters<typeof CredentialSession>[0]> = {}) =>
  new CredentialSession({ credentials: sb.credentials, region: "us-east-1", clientConfig: { endpoint: rec.endpoint, logger: log.logger }, pool, ...extra });
const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => new Error("expected a failure"), (e: unknown) => e);

/** Success and failure paths, everything they show collected; returns what went to stdout/stderr. */
async function exercise(): Promise<string> {
  const output = captureProcessOutput();
  try {
    // Probes that prove the capture sees both routes.
    console.info("probe:console");
    process.stderr.write("probe:stderr\n");
    // Success: identity, children in several regions, ExternalId, a chain, refresh after expiry.
    const base = session();
    show("base identity", await base.identity());
    const children = ["200000000001", "200000000002"].map((a) => base.assumeRole(roleArn(a)));
    for (const child of children) for (const region of ["us-east-1", "eu-west-1"]) show("count", await countGroups(child.withRegion(region)));
    const audit = base.assumeRole({ roleArn: roleArn("200000000001", "AuditRole"), externalId: "sandbox-external-id" });
    const chained = children[0]!.assumeRole({ roleArn: roleArn("200000000004"), sessionName: "chained" });
    show("chained identity", await chained.identity());
    show("audit identity", await audit.identity());
    sb.expireAll();
    show("count after expiry", await countGroups(children[1]!));
    show("chained after expiry", await chained.client(STSClient).send(new GetCallerIdentityCommand({})));
    for (const [i, s] of [base, ...children, audit, chained, children[0]!.withRegion("eu-west-1")].entries()) show(`session ${i}`, s);
    show("toJSON", base.toJSON());

    // Failures: refused role, missing external id, wrong secret, unknown key, expired static token.
    show("refused role", await failure(base.assumeRole(roleArn("200000000003")).getCredentials()));
    show("no external id", await failure(countGroups(base.assumeRole(roleArn("200000000001", "AuditRole")))));
    const wrong = session({ credentials: undefined, accessKeyId: sb.credentials.accessKeyId, secretAccessKey: WRONG_SECRET });
    show("wrong-secret session", wrong);
    show("wrong secret", await failure(wrong.identity()));
    show("wrong secret via child", await failure(countGroups(wrong.assumeRole(roleArn("200000000001")))));
    show("unknown key", await failure(session({ credentials: { accessKeyId: "AKIAFAKEUNKNOWN00001", secretAccessKey: WRONG_SECRET } }).identity()));
    const issued = await children[0]!.getCredentials();
    sb.expireAll();
    const stale = session({ credentials: undefined, accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken });
    show("stale session", stale);
    show("expired static token", await failure(stale.client(STSClient).send(new GetCallerIdentityCommand({}))));
    // Throttled until retries run out.
    sb.setFaults({ seed: 3, throttleRate: 1, services: ["rds"] });
    show("throttled", await failure(countGroups(base)));
    sb.setFaults(null);
    // A secret put where it does not belong is refused without being quoted.
    show("credentials in clientConfig", await failure(Promise.resolve().then(() => session({ clientConfig: { credentials: sb.credentials } as never }))));
    show("key id with a bad secret", await failure(Promise.resolve().then(() => new CredentialSession({ accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 42 as never }))));
    for (const s of [base, wrong, stale]) await s.close();
  } finally {
    shown.push(["stdout/stderr", output.stop()]);
  }
  return "";
}

beforeAll(async () => {
  sb = await startSandbox({ credentialSeconds: 900 });
  rec = await startRecorder(sb.endpoint);
  pool = new ConnectionPool();
  await exercise();
  secrets = [
    { kind: "caller access key id", value: sb.credentials.accessKeyId },
    { kind: "caller secret key", value: sb.credentials.secretAccessKey },
    { kind: "wrong secret key", value: WRONG_SECRET },
    ...rec.issued,
  ];
});
afterAll(async () => {
  pool.destroy();
  await rec.close();
  await sb.close();
});

describe("secrets never leak from the library", () => {
  it("the run was real: STS issued ≥ 6 credentials (seen on the wire) and the SDK logged", () => {
    expect(rec.issued.filter((s) => s.kind === "issued session token").length).toBeGreaterThanOrEqual(6);
    expect(new Set(rec.issued.map((s) => s.value)).size).toBe(rec.issued.length);
    expect(log.count()).toBeGreaterThan(20);
    const captured = shown.find(([where]) => where === "stdout/stderr")?.[1] ?? "";
    expect([captured.includes("probe:console"), captured.includes("probe:stderr")]).toEqual([true, true]);
  });

  it("stdout/stderr, JSON.stringify / util.inspect / String of sessions, results and errors, and stacks", () => {
    expect(shown.flatMap(([where, text]) => leaks(secrets, text, where))).toEqual([]);
  });

  it("the SDK's own logging through clientConfig.logger (AssumeRole answers included)", () => {
    expect(leaks(secrets, log.text(), "SDK logger")).toEqual([]);
  });

  it("util.inspect with showHidden of sessions and FleetErrors: no signed request headers kept in a cause", () => {
    expect(hidden.flatMap(([where, text]) => leaks(secrets, text, `${where} (showHidden)`))).toEqual([]);
  });

  it("FleetError JSON carries code and cause name, not the SDK error's raw fields", async () => {
    const error = await failure(session().assumeRole(roleArn("200000000003")).getCredentials());
    expect(error).toBeInstanceOf(FleetError);
    expect(Object.keys((error as FleetError).toJSON()).sort()).toEqual(["accountId", "attempts", "awsCode", "cause", "code", "httpStatus", "kind", "message", "name", "region", "requestId", "retryable", "roleArn", "stage"]);
  });
});
