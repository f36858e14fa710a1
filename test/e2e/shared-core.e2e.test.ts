// Issue 23: a session tree builds one SDK client core per (class, region, overrides); every
// session's client() is a light client over it. To the user it is still the SDK client: same
// class, send, middlewareStack, config, destroy, paginators and waiters; middleware a task adds
// runs for its own session only; accounts interleaved on one core each sign with their own keys
// (the sandbox checks every SigV4 signature and answers GetCallerIdentity for the signer's keys).
import { DescribeOptionGroupsCommand, paginateDescribeOptionGroups, RDSClient, waitUntilDBInstanceAvailable } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import pLimit from "p-limit";
import { afterEach, describe, expect, it } from "vitest";
import { fanOut } from "../../src/index.js";
import { harness, roleArn, type Harness } from "./helpers.js";

const ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(400_000_000_001 + i));
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1"];
const sandboxOptions = {
  accounts: ACCOUNTS.map((id) => ({ id, name: `core-${id}` })),
  regions: { enabled: REGIONS, optIn: [] },
  optionGroups: (accountId: string, region: string) => (Number(accountId.slice(-2)) + REGIONS.indexOf(region)) % 3,
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("light clients over a shared regional core (issue 23)", () => {
  it("two accounts' clients of one region share one core; each is an RDSClient with its own stack, config and identity", async () => {
    h = await harness(sandboxOptions);
    const [a, b] = [h.base.assumeRole(roleArn(ACCOUNTS[0]!)), h.base.assumeRole(roleArn(ACCOUNTS[1]!))];
    const ra = a.client(RDSClient);
    const rb = b.client(RDSClient);
    expect(ra).toBeInstanceOf(RDSClient);
    expect(ra).not.toBe(rb);
    // The core: a resolved RDSClient that both light clients inherit from.
    expect(Object.getPrototypeOf(ra)).toBeInstanceOf(RDSClient);
    expect(Object.getPrototypeOf(ra)).toBe(Object.getPrototypeOf(rb));
    expect(ra.middlewareStack).not.toBe(rb.middlewareStack);
    expect(ra.config).not.toBe(rb.config);
    expect(await ra.config.region()).toBe("us-east-1");
    expect((await ra.config.credentials()).accessKeyId).toBe((await a.getCredentials()).accessKeyId);
    expect((await rb.config.credentials()).accessKeyId).toBe((await b.getCredentials()).accessKeyId);
    expect((await ra.config.credentials()).accessKeyId).not.toBe((await rb.config.credentials()).accessKeyId);
    // Another region is another core.
    expect(Object.getPrototypeOf(a.withRegion("eu-west-1").client(RDSClient))).not.toBe(Object.getPrototypeOf(ra));
  });

  it("middleware a task adds to its client runs for that session's requests only (counted per session)", async () => {
    h = await harness(sandboxOptions);
    const sessions = ACCOUNTS.slice(0, 3).map((id) => h!.base.assumeRole(roleArn(id)));
    const counts = [0, 0, 0];
    sessions[1]!.client(RDSClient).middlewareStack.add((next) => async (args) => {
      counts[1]!++;
      return next(args);
    }, { step: "initialize", name: "countSecond" });
    sessions[2]!.client(RDSClient).middlewareStack.add((next) => async (args) => {
      counts[2]!++;
      return next(args);
    }, { step: "build", name: "countThird" });
    for (let round = 0; round < 2; round++) {
      await Promise.all(sessions.map((s) => s.client(RDSClient).send(new DescribeOptionGroupsCommand({}))));
    }
    await sessions[2]!.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    expect(counts).toEqual([0, 2, 3]);
    expect(h.sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(7);
  });

  it("20 accounts × 4 regions at concurrency 32: every GetCallerIdentity answers the target's account", async () => {
    h = await harness(sandboxOptions);
    const base = h.base;
    const limit = pLimit(32);
    const children = ACCOUNTS.map((id) => base.assumeRole(roleArn(id)));
    // Interleaved on purpose: region-major, so consecutive requests on one core change account.
    const answers = await Promise.all(REGIONS.flatMap((region) => children.map((child, i) => limit(async () => {
      const out = await child.withRegion(region).client(STSClient).send(new GetCallerIdentityCommand({}));
      return `${ACCOUNTS[i]}/${region}=${out.Account}`;
    }))));
    expect(answers).toEqual(REGIONS.flatMap((region) => ACCOUNTS.map((id) => `${id}/${region}=${id}`)));
    expect(h.sb.stats().assumeRole.total).toBe(20);

    // The same through fanOut, with the sandbox's records per target.
    const report = await fanOut({ session: base, accounts: ACCOUNTS, roles: "OrganizationAccountAccessRole", regions: REGIONS, concurrency: 32 }, async ({ session, signal }) => {
      const out = await session.client(STSClient).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      return out.Account;
    });
    expect(report.results.map((r) => `${r.accountId}/${r.region}=${r.ok ? r.value : r.error.message}`)).toEqual(ACCOUNTS.flatMap((id) => REGIONS.map((region) => `${id}/${region}=${id}`)));
    expect(h.sb.stats().assumeRole.total).toBe(40);
    expect(h.sb.stats().signatureFailures ?? 0).toBe(0);
  });

  it("20 accounts on one core: the core's signer is asked for its class once, and each account signs with its own keys", async () => {
    h = await harness(sandboxOptions);
    const children = ACCOUNTS.map((id) => h!.base.assumeRole(roleArn(id)));
    const core = Object.getPrototypeOf(Object.getPrototypeOf(children[0]!.client(STSClient))) as STSClient;
    const config = core.config as unknown as { signer: (...args: unknown[]) => Promise<unknown> };
    const coreSigner = config.signer;
    let asked = 0;
    config.signer = (...args) => (asked++, coreSigner(...args));
    const answers = await Promise.all(children.map(async (child) => (await child.client(STSClient).send(new GetCallerIdentityCommand({}))).Account));
    expect(answers).toEqual(ACCOUNTS);
    expect(asked).toBe(1);
    expect(h.sb.stats().signatureFailures ?? 0).toBe(0);
  });

  it("a signer class of the user's (signerConstructor) gets the whole config for each session's signer, as the SDK gives it", async () => {
    const { SignatureV4 } = await import("@smithy/signature-v4");
    const seen: Array<Record<string, unknown>> = [];
    class OwnSigner extends SignatureV4 {
      constructor(options: ConstructorParameters<typeof SignatureV4>[0]) {
        super(options);
        seen.push(options as unknown as Record<string, unknown>);
      }
    }
    h = await harness(sandboxOptions, { signerConstructor: OwnSigner });
    const children = ACCOUNTS.slice(0, 2).map((id) => h!.base.assumeRole(roleArn(id)));
    const answers = await Promise.all(children.map(async (child) => (await child.client(STSClient).send(new GetCallerIdentityCommand({}))).Account));
    expect(answers).toEqual(ACCOUNTS.slice(0, 2));
    // The core's own (asked once for its class) and one per session, each with the config's keys.
    const sessions = seen.filter((options) => options.region === "us-east-1" && options.service === "sts");
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    for (const options of sessions) expect(options).toHaveProperty("serviceId", "STS");
    expect(h.sb.stats().signatureFailures ?? 0).toBe(0);
  });

  it("the shared core signs for no one: sent through directly, it refuses before any request", async () => {
    h = await harness(sandboxOptions);
    const client = h.base.assumeRole(roleArn(ACCOUNTS[0]!)).client(STSClient);
    await client.send(new GetCallerIdentityCommand({}));
    const core = Object.getPrototypeOf(client) as STSClient;
    const before = h.sb.stats().requests;
    await expect(core.send(new GetCallerIdentityCommand({}))).rejects.toThrow("sessionfleet: a shared client core was used outside a session's client (no identity to sign with)");
    expect(h.sb.stats().requests).toBe(before);
  });

  it("paginators, waiters and destroy() work on a light client; destroying one leaves the others working", async () => {
    h = await harness(sandboxOptions);
    const a = h.base.assumeRole(roleArn(ACCOUNTS[0]!)).withRegion("us-west-2");
    const b = h.base.assumeRole(roleArn(ACCOUNTS[1]!)).withRegion("us-west-2");
    let groups = 0;
    for await (const page of paginateDescribeOptionGroups({ client: a.client(RDSClient) }, {})) groups += page.OptionGroupsList?.length ?? 0;
    expect(groups).toBe(sandboxOptions.optionGroups(ACCOUNTS[0]!, "us-west-2"));
    // The sandbox has no DescribeDBInstances: the waiter's request reaches it, signed as account A, and its answer ends the wait.
    const waited = await waitUntilDBInstanceAvailable({ client: a.client(RDSClient), maxWaitTime: 2, minDelay: 1 }, { DBInstanceIdentifier: "none" }).then(
      (result) => JSON.stringify(result),
      (error: Error) => `${error.name}: ${error.message}`,
    );
    expect(waited).toMatch(/^TimeoutError: \{"state":"TIMEOUT","observedResponses":\{"400: The sandbox does not implement the action .{0,2}DescribeDBInstances/);
    const stats = h.sb.stats();
    const polls = stats.byAction["rds:DescribeDBInstances"] ?? 0;
    expect(polls).toBeGreaterThan(0);
    // Every poll was signed as account A (the paginator's one call too), none as anyone else.
    expect(stats.byAccount[ACCOUNTS[0]!]).toBe(1 + polls);
    expect(stats.byAccount[ACCOUNTS[1]!]).toBeUndefined();
    a.client(RDSClient).destroy();
    const out = await b.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    expect(out.OptionGroupsList?.length ?? 0).toBe(sandboxOptions.optionGroups(ACCOUNTS[1]!, "us-west-2"));
  });

  it("each light client keeps a retry strategy of its own (its own quota), on the fast path and on its own stack alike", async () => {
    h = await harness(sandboxOptions);
    const [a, b] = [h.base.assumeRole(roleArn(ACCOUNTS[0]!)), h.base.assumeRole(roleArn(ACCOUNTS[1]!))];
    // Sent before anyone reads its stack or config: the fast path.
    await a.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    const strategies: Array<[string, unknown]> = [];
    for (const [name, session] of [["a", a], ["b", b], ["a", a]] as const) {
      const client = session.client(RDSClient);
      client.middlewareStack.add((next) => async (args) => {
        strategies.push([name, await (client.config.retryStrategy as () => Promise<unknown>)()]);
        return next(args);
      }, { step: "finalizeRequest", name: `peek${strategies.length}`, override: true });
      await client.send(new DescribeOptionGroupsCommand({}));
    }
    const [first, second, third] = strategies.map(([, strategy]) => strategy);
    expect(strategies.map(([name]) => name)).toEqual(["a", "b", "a", "a"]);
    expect(first).toBe(third);
    expect(first).not.toBe(second);
    expect(first).toHaveProperty("mode", "standard");
    // Outside any session's request, the core's own.
    const core = Object.getPrototypeOf(Object.getPrototypeOf(a.client(RDSClient))) as RDSClient;
    expect(await (core.config.retryStrategy as () => Promise<unknown>)()).not.toBe(first);
  });

  it("a light client gets a stack of its own only when its user reads it; sends before and after answer for its account", async () => {
    h = await harness(sandboxOptions);
    const child = h.base.assumeRole(roleArn(ACCOUNTS[2]!)).withRegion("eu-west-1");
    const client = child.client(STSClient);
    const core = Object.getPrototypeOf(Object.getPrototypeOf(client)) as STSClient;
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNTS[2]);
    const callbackAccount = (): Promise<string | undefined> => new Promise((resolve, reject) => {
      client.send(new GetCallerIdentityCommand({}), (error: unknown, out?: { Account?: string }) => (error ? reject(error) : resolve(out?.Account)));
    });
    expect(await callbackAccount()).toBe(ACCOUNTS[2]);
    expect(Object.getOwnPropertyNames(client)).toEqual([]);
    const stack = client.middlewareStack;
    expect(stack).not.toBe(core.middlewareStack);
    expect(client.middlewareStack).toBe(stack);
    expect(stack.identify()[0]).toBe("sessionfleetIdentity - initialize");
    let seen = 0;
    stack.add((next) => (args) => {
      seen++;
      return next(args);
    }, { step: "build", name: "countAfterRead" });
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNTS[2]);
    // Callback style goes the same way.
    expect(await callbackAccount()).toBe(ACCOUNTS[2]);
    expect(seen).toBe(2);
    expect(core.middlewareStack.identify()).not.toContain("countAfterRead - build");
  });

  it("a retry strategy given as a client override is the one every request of that client uses, whichever session sends", async () => {
    h = await harness(sandboxOptions);
    const [a, b] = [h.base.assumeRole(roleArn(ACCOUNTS[3]!)), h.base.assumeRole(roleArn(ACCOUNTS[4]!))];
    const { StandardRetryStrategy } = await import("@smithy/core/retry");
    const inner = new StandardRetryStrategy(3);
    let acquired = 0;
    const strategy = {
      mode: "standard",
      acquireInitialRetryToken: (scope: string) => (acquired++, inner.acquireInitialRetryToken(scope)),
      refreshRetryTokenForRetry: inner.refreshRetryTokenForRetry.bind(inner),
      recordSuccess: inner.recordSuccess.bind(inner),
    };
    await a.client(RDSClient, { retryStrategy: strategy }).send(new DescribeOptionGroupsCommand({}));
    await a.client(RDSClient, { retryStrategy: strategy }).send(new DescribeOptionGroupsCommand({}));
    await b.client(RDSClient, { retryStrategy: strategy }).send(new DescribeOptionGroupsCommand({}));
    expect(acquired).toBe(3);
    // The same sessions' clients without the override keep strategies of their own.
    await a.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
    expect(acquired).toBe(3);
    expect(h.sb.stats().byAction["rds:DescribeOptionGroups"]).toBe(4);
  });
});
