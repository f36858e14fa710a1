// Which answers the answer deadline (src/arriving-answer.ts) may cut off: every answer the SDK reads
// whole, never one that may be a stream the caller reads at its own pace. The operation's schema
// says which (@smithy/core/schema: a streaming blob member, schema 42, or a member with the
// `streaming` trait, an event stream).
import { PassThrough } from "node:stream";
import { GetRoleCredentialsCommand, SSOClient } from "@aws-sdk/client-sso";
import type { HandlerExecutionContext } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { outputMayStream, watchArrivingAnswer } from "../../src/arriving-answer.js";

const contextOf = (operationSchema: unknown): HandlerExecutionContext => ({ __smithy_context: { operationSchema } }) as HandlerExecutionContext;

/** The context the SDK gives a real command's middleware (captured before anything is sent). */
async function realContext(): Promise<HandlerExecutionContext> {
  const client = new SSOClient({ region: "us-east-1", endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake" } });
  let seen: HandlerExecutionContext | undefined;
  client.middlewareStack.add((_next, context) => async () => {
    seen = context;
    throw new Error("captured");
  }, { step: "initialize" });
  await client.send(new GetRoleCredentialsCommand({ accountId: "123456789012", roleName: "Audit", accessToken: "fake-token" })).catch(() => undefined);
  client.destroy();
  return seen!;
}

describe("outputMayStream", () => {
  it("SSO GetRoleCredentials (restJson1, a plain structure): read whole, so it may be cut off", async () => {
    expect(outputMayStream(await realContext())).toBe(false);
  });

  it("a streaming blob member (S3 GetObject's Body) or an event stream: may stream, never cut off", () => {
    expect(outputMayStream(contextOf([9, "test", "Get", 0, "unit", [3, "test", "GetOutput", 0, ["Body", "ContentType"], [42, 0]]]))).toBe(true);
    expect(outputMayStream(contextOf([9, "test", "Subscribe", 0, "unit", [3, "test", "SubscribeOutput", 0, ["Events"], [[3, "test", "Events", { streaming: 1 }, [], []]]]]))).toBe(true);
  });

  it("a unit or plain output: read whole", () => {
    expect(outputMayStream(contextOf([9, "test", "Delete", 0, "unit", "unit"]))).toBe(false);
    expect(outputMayStream(contextOf([9, "test", "List", 0, "unit", [3, "test", "ListOutput", 0, ["Items", "Next"], [64 | 0, 0]]]))).toBe(false);
  });

  it("no schema to say (a client from an SDK without schemas), or one it cannot read: may stream", () => {
    expect(outputMayStream({} as HandlerExecutionContext)).toBe(true);
    expect(outputMayStream(contextOf(undefined))).toBe(true);
    expect(outputMayStream(contextOf([9, "test", "Odd", 0, "unit", 7]))).toBe(true);
  });
});

describe("watchArrivingAnswer", () => {
  afterEach(() => vi.useRealTimers());

  /** An answer still arriving: what Node's IncomingMessage looks like before its last byte. */
  function arriving(): PassThrough & { complete: boolean } {
    const body = Object.assign(new PassThrough(), { complete: false });
    body.on("error", () => undefined); // the SDK's reader has the error; here nobody reads
    return body;
  }

  it("cuts an answer still arriving after ms with a TimeoutError naming the call", () => {
    vi.useFakeTimers();
    const body = arriving();
    watchArrivingAnswer(body, 200, 300, () => "SSO GetRoleCredentials", () => false);
    vi.advanceTimersByTime(299);
    expect(body.destroyed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(body.destroyed).toBe(true);
    expect(body.errored?.name).toBe("TimeoutError");
    expect(body.errored?.message).toBe("SSO GetRoleCredentials: the answer was still arriving 300 ms after its headers (a server or proxy trickling it in); cut off");
  });

  it("leaves alone an answer that may be a stream, one already whole, and a deadline of 0", () => {
    vi.useFakeTimers();
    const stream = arriving();
    const mayStream = vi.fn(() => true);
    watchArrivingAnswer(stream, 200, 300, () => "S3 GetObject", mayStream);
    const whole = Object.assign(new PassThrough(), { complete: true });
    const notAsked = vi.fn(() => false);
    watchArrivingAnswer(whole, 200, 300, () => "STS GetCallerIdentity", notAsked);
    const unbounded = arriving();
    watchArrivingAnswer(unbounded, 200, 0, () => "STS GetCallerIdentity");
    vi.advanceTimersByTime(10_000);
    expect([stream.destroyed, whole.destroyed, unbounded.destroyed]).toEqual([false, false, false]);
    expect(mayStream).toHaveBeenCalledTimes(1);
    // The schema is only asked about answers still arriving: a whole one costs nothing more.
    expect(notAsked).not.toHaveBeenCalled();
  });

  it("names an answer the connection cut off (Node's bare \"aborted\"), keeping its code; other errors pass unchanged", async () => {
    const cut = arriving();
    watchArrivingAnswer(cut, 503, 0, () => "RDS DescribeOptionGroups");
    const aborted = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    cut.destroy(aborted);
    await new Promise((resolve) => setImmediate(resolve)); // a stream's 'error' comes on the next tick
    expect(aborted.message).toBe("RDS DescribeOptionGroups: the connection closed before the whole answer arrived (HTTP 503; Node: aborted); a server or proxy cut it off");
    expect(aborted.code).toBe("ECONNRESET");
    const other = arriving();
    watchArrivingAnswer(other, 200, 0, () => "RDS DescribeOptionGroups");
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    other.destroy(reset);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reset.message).toBe("read ECONNRESET");
    // Cut off before the SDK's middleware got to it: named all the same (the SDK reads `errored`).
    const early = arriving();
    const gone = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    early.destroy(gone);
    watchArrivingAnswer(early, 200, 300, () => "STS AssumeRole");
    expect(gone.message).toBe("STS AssumeRole: the connection closed before the whole answer arrived (HTTP 200; Node: aborted); a server or proxy cut it off");
  });
});
