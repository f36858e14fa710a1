// compiledStack (src/clients/compiled-stack.ts) stands in for a client's stack and skips the SDK's
// per-send cloning and sorting. What must hold: every send runs exactly the middleware the SDK's
// own path runs, in the same order, with its own context; command-level middleware (the SDK's
// endpoint plugin, ours, a user's) is placed as the SDK places it; a stack that logs itself keeps
// the SDK's path. Each case sends the same command through both and compares what ran.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compiledStack } from "../../src/clients/compiled-stack.js";

type Mw = (next: (args: unknown) => Promise<unknown>, context: Record<string, unknown>) => (args: unknown) => Promise<unknown>;

/** A client whose handler records that a request got through and stops it there. */
function recordingClient(seen: string[]) {
  const client = new RDSClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret" },
    maxAttempts: 1,
    requestHandler: { handle: async () => { seen.push("(handler)"); throw new Error("stop here"); } },
  });
  return client;
}

const contexts: object[] = [];

function marker(seen: string[], name: string): Mw {
  return (next, context) => async (args) => {
    seen.push(name);
    contexts.push(context);
    return next(args);
  };
}

/** Adds markers across steps, priorities and relations, like plugins from several places would. */
function addMarkers(client: RDSClient, seen: string[]): void {
  const stack = client.middlewareStack as unknown as { add(mw: Mw, o: object): void; addRelativeTo(mw: Mw, o: object): void };
  stack.add(marker(seen, "init-low"), { step: "initialize", priority: "low", name: "mInitLow" });
  stack.add(marker(seen, "init-high"), { step: "initialize", priority: "high", name: "mInitHigh" });
  stack.add(marker(seen, "build"), { step: "build", name: "mBuild" });
  stack.add(marker(seen, "finalize-high"), { step: "finalizeRequest", priority: "high", name: "mFinalizeHigh" });
  stack.addRelativeTo(marker(seen, "before-serializer"), { relation: "before", toMiddleware: "serializerMiddleware", name: "mBeforeSerializer" });
  stack.addRelativeTo(marker(seen, "after-retry"), { relation: "after", toMiddleware: "retryMiddleware", name: "mAfterRetry" });
  stack.add(marker(seen, "deserialize"), { step: "deserialize", name: "mDeserialize" });
}

async function sendThrough(client: RDSClient, stack: unknown, command: DescribeOptionGroupsCommand): Promise<void> {
  const resolve = (command as unknown as { resolveMiddleware(s: unknown, c: unknown, o: unknown): (c: unknown) => Promise<unknown> }).resolveMiddleware;
  await expect(resolve.call(command, stack, client.config, undefined)(command)).rejects.toThrow("stop here");
}

/**
 * A recording client with the markers (and `more`, if given) whose one send goes through a compiled
 * stack, or through the SDK's own when `sdk`; `before` sees the client first. Returns what ran.
 */
async function oneSend({ more, sdk = false, before }: { more?: (client: RDSClient, seen: string[]) => void; sdk?: boolean; before?: (client: RDSClient) => void } = {}): Promise<string[]> {
  const seen: string[] = [];
  const client = recordingClient(seen);
  addMarkers(client, seen);
  more?.(client, seen);
  before?.(client);
  await sendThrough(client, sdk ? client.middlewareStack : compiledStack(client.middlewareStack as never), new DescribeOptionGroupsCommand({}));
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("compiledStack: the SDK's middleware, in the SDK's order, without sorting per send", () => {
  it("runs what the SDK's own path runs, in the same order, each send with a context of its own", async () => {
    const viaSdk: string[] = [];
    const sdkClient = recordingClient(viaSdk);
    addMarkers(sdkClient, viaSdk);
    await sendThrough(sdkClient, sdkClient.middlewareStack, new DescribeOptionGroupsCommand({}));

    const viaCompiled: string[] = [];
    const client = recordingClient(viaCompiled);
    addMarkers(client, viaCompiled);
    const compiled = compiledStack(client.middlewareStack as never);
    for (let i = 0; i < 3; i++) await sendThrough(client, compiled, new DescribeOptionGroupsCommand({}));

    expect(viaSdk).toEqual(["init-high", "init-low", "before-serializer", "build", "after-retry", "finalize-high", "deserialize", "(handler)"]);
    expect(viaCompiled).toEqual([...viaSdk, ...viaSdk, ...viaSdk]);
    // Every send has a context of its own, shared by all its middleware (7 markers per send).
    const perSend = [0, 1, 2, 3].map((i) => new Set(contexts.slice(i * 7, i * 7 + 7)));
    expect(perSend.map((set) => set.size)).toEqual([1, 1, 1, 1]);
    expect(new Set(perSend.map((set) => [...set][0])).size).toBe(4);
  });

  it("places a command's own middleware (a relation, a step) as the SDK does, and only for that command", async () => {
    const withOwn = (seen: string[]) => {
      const command = new DescribeOptionGroupsCommand({});
      command.middlewareStack.addRelativeTo(marker(seen, "cmd-after-logger") as never, { relation: "after", toMiddleware: "loggerMiddleware", name: "cmdAfterLogger" });
      command.middlewareStack.add(marker(seen, "cmd-build-high") as never, { step: "build", priority: "high", name: "cmdBuildHigh" });
      return command;
    };
    const viaSdk: string[] = [];
    const sdkClient = recordingClient(viaSdk);
    addMarkers(sdkClient, viaSdk);
    await sendThrough(sdkClient, sdkClient.middlewareStack, withOwn(viaSdk));

    const viaCompiled: string[] = [];
    const client = recordingClient(viaCompiled);
    addMarkers(client, viaCompiled);
    const compiled = compiledStack(client.middlewareStack as never);
    await sendThrough(client, compiled, withOwn(viaCompiled));
    await sendThrough(client, compiled, new DescribeOptionGroupsCommand({}));

    expect(viaSdk).toContain("cmd-after-logger");
    expect(viaSdk.indexOf("cmd-build-high")).toBeLessThan(viaSdk.indexOf("build"));
    const plain = viaSdk.filter((name) => !name.startsWith("cmd-"));
    expect(viaCompiled).toEqual([...viaSdk, ...plain]);
  });

  it("a command whose relation names a missing middleware fails with the SDK's own error", async () => {
    const seen: string[] = [];
    const client = recordingClient(seen);
    const compiled = compiledStack(client.middlewareStack as never);
    const command = new DescribeOptionGroupsCommand({});
    command.middlewareStack.addRelativeTo(marker(seen, "lost") as never, { relation: "after", toMiddleware: "noSuchMiddleware", name: "lost" });
    const resolve = () => (command as unknown as { resolveMiddleware(s: unknown, c: unknown, o: unknown): unknown }).resolveMiddleware(compiled, client.config, undefined);
    expect(resolve).toThrow("noSuchMiddleware is not found when adding lost middleware after noSuchMiddleware");
    expect(seen).toEqual([]);
  });

  it("a stack that logs itself on resolve (identifyOnResolve) still does, through the SDK's path", async () => {
    const seen: string[] = [];
    const client = recordingClient(seen);
    addMarkers(client, seen);
    const compiled = compiledStack(client.middlewareStack as never);
    await sendThrough(client, compiled, new DescribeOptionGroupsCommand({}));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    client.middlewareStack.identifyOnResolve(true);
    await sendThrough(client, compiled, new DescribeOptionGroupsCommand({}));
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toEqual(expect.arrayContaining(["mInitHigh - initialize", "mAfterRetry - after retryMiddleware"]));
    expect(seen.slice(seen.length / 2)).toEqual(seen.slice(0, seen.length / 2));
  });

  it("stacks whose entries have the same options (one class's regional cores) work an order out once, not once each", async () => {
    const first = await oneSend();
    let concat: ReturnType<typeof vi.spyOn> | undefined;
    const second = await oneSend({ before: (client) => void (concat = vi.spyOn(client.middlewareStack, "concat")) });
    // No SDK concat (the check's) for the second stack, and what ran is the same.
    expect(concat).not.toHaveBeenCalled();
    expect(second).toEqual(first);
  });
});

describe("compiledStack: orders kept per client stack, then per command", () => {
  it("two stacks that differ (one has a middleware more) each run their own order for the same command", async () => {
    const extra = (client: RDSClient, seen: string[]) =>
      (client.middlewareStack as unknown as { add(mw: Mw, o: object): void }).add(marker(seen, "extra-serialize-high"), { step: "serialize", priority: "high", name: "mExtra" });
    const viaSdk = await oneSend({ more: extra, sdk: true });
    // The plain stack's order for this command is worked out first; the other stack must not get it.
    const plain = await oneSend();
    const withExtra = await oneSend({ more: extra });

    expect(viaSdk).toContain("extra-serialize-high");
    expect(withExtra).toEqual(viaSdk);
    expect(plain).toEqual(viaSdk.filter((name) => name !== "extra-serialize-high"));
  });
});
