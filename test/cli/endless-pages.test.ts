// A service that hands back a pagination token it gave before (a broken server, a hostile proxy)
// must end the target as a failure, not loop for ever; and a call's paging must not write its
// tokens into the input shared by every target.
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { callWithPages, DEFAULT_MAX_PAGES } from "../../src/cli/call/pages.js";
import { parseCommandLine } from "../../src/cli/args/parse.js";
import { loadOperation } from "../../src/cli/call/sdk-module.js";
import optionGroups from "../../src/cli/tasks/option-groups.js";
import type { TaskContext } from "../../src/fanout/types.js";

const rds = mockClient(RDSClient);
afterEach(() => rds.reset());
const group = (name: string) => ({ OptionGroupName: name });

describe("pages that never end", () => {
  it("call: a repeated token fails after the pages read, without a second request for the same page", async () => {
    // Page 1 → token A, page A → token B, page B → token A again.
    rds.on(DescribeOptionGroupsCommand, {}).resolves({ OptionGroupsList: [group("g1")], Marker: "A" });
    rds.on(DescribeOptionGroupsCommand, { Marker: "A" }).resolves({ OptionGroupsList: [group("g2")], Marker: "B" });
    rds.on(DescribeOptionGroupsCommand, { Marker: "B" }).resolves({ OptionGroupsList: [group("g3")], Marker: "A" });
    const operation = await loadOperation("rds", "DescribeOptionGroups");
    const input = {};
    await expect(callWithPages(operation, new RDSClient({ region: "us-east-1" }), input, { paginate: true }, new AbortController().signal))
      .rejects.toMatchObject({ code: "ERR_TASK", message: expect.stringMatching(/returned a pagination token it had returned before.*3 pages read/) });
    expect(rds.commandCalls(DescribeOptionGroupsCommand)).toHaveLength(3);
    // The caller's input (shared by every target of a run) is left as it was.
    expect(input).toEqual({});
  });

  it("option-groups: a repeated Marker fails the target after the pages read", async () => {
    rds.on(DescribeOptionGroupsCommand, {}).resolves({ OptionGroupsList: [group("g1"), group("g2")], Marker: "A" });
    rds.on(DescribeOptionGroupsCommand, { Marker: "A" }).resolves({ OptionGroupsList: [group("g3")], Marker: "A" });
    const client = new RDSClient({ region: "us-east-1" });
    const context = { session: { client: () => client }, accountId: "111111111111", region: "us-east-1", signal: new AbortController().signal } as unknown as TaskContext;
    await expect(optionGroups(context)).rejects.toMatchObject({ code: "ERR_TASK", message: expect.stringMatching(/Marker it had returned before.*3 option groups read/) });
    expect(rds.commandCalls(DescribeOptionGroupsCommand)).toHaveLength(2);
  });

  // A new token on every page (a hostile proxy rewriting it) never repeats one: it paged for ever.
  const endless = (input: { Marker?: string }) => ({ OptionGroupsList: [], Marker: String(Number(input.Marker ?? 0) + 1) });

  it("call: a new token on every page stops after --max-pages, saying so", async () => {
    rds.on(DescribeOptionGroupsCommand).callsFake(endless);
    const operation = await loadOperation("rds", "DescribeOptionGroups");
    await expect(callWithPages(operation, new RDSClient({ region: "us-east-1" }), {}, { paginate: true, maxPages: 5 }, new AbortController().signal))
      .rejects.toMatchObject({ code: "ERR_TASK", message: "@aws-sdk/client-rds DescribeOptionGroups was still handing out new pagination tokens after 5 pages; stopped instead of paging for ever (--max-pages N reads more; --max-items N or --no-paginate read less)" });
    expect(rds.commandCalls(DescribeOptionGroupsCommand)).toHaveLength(5);
  });

  it("call and option-groups stop after 10,000 pages when not told otherwise", async () => {
    expect(DEFAULT_MAX_PAGES).toBe(10_000);
    rds.on(DescribeOptionGroupsCommand).callsFake(endless);
    const operation = await loadOperation("rds", "DescribeOptionGroups");
    await expect(callWithPages(operation, new RDSClient({ region: "us-east-1" }), {}, { paginate: true }, new AbortController().signal))
      .rejects.toMatchObject({ code: "ERR_TASK", message: expect.stringContaining("after 10000 pages") });
    expect(rds.commandCalls(DescribeOptionGroupsCommand)).toHaveLength(10_000);
    rds.resetHistory();
    const client = new RDSClient({ region: "us-east-1" });
    const context = { session: { client: () => client }, accountId: "111111111111", region: "us-east-1", signal: new AbortController().signal } as unknown as TaskContext;
    await expect(optionGroups(context)).rejects.toMatchObject({ code: "ERR_TASK", message: "RDS DescribeOptionGroups was still handing out new Markers after 10000 pages; stopped instead of paging for ever (0 option groups read)" });
    expect(rds.commandCalls(DescribeOptionGroupsCommand)).toHaveLength(10_000);
  }, 60_000);

  it("--max-pages: a positive whole number, for call", () => {
    const call = (extra: string[]) => parseCommandLine(["call", "rds", "DescribeOptionGroups", "--region", "us-east-1", ...extra]);
    expect(call(["--max-pages", "50"])).toMatchObject({ paging: { paginate: true, maxPages: 50 } });
    expect(call([])).toMatchObject({ paging: { paginate: true } });
    for (const bad of ["0", "-1", "2.5", "lots"]) expect(() => call(["--max-pages", bad])).toThrow(expect.objectContaining({ code: "ERR_INVALID_INPUT" }));
  });
});
