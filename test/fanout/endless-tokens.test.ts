// A listing whose every page hands out a new NextToken (a broken emulator, a hostile proxy) is
// "a token that never ends": no token repeats, so the repeat check never fires, and discovery
// would page (and hold every account) for ever. Discovery stops at MAX_DISCOVERY_PAGES pages,
// far above any real organisation (Organizations' ListAccounts gives at most 20 accounts a page).
import { describe, expect, it } from "vitest";
import { MAX_DISCOVERY_PAGES, pages } from "../../src/fanout/discovery/calls.js";
import { FleetError } from "../../src/index.js";

describe("a NextToken that never ends", () => {
  it("new tokens for ever: stopped after the page limit, ERR_DISCOVERY kind server, every page up to it read", async () => {
    let fetched = 0;
    const listing = pages("Organizations ListAccounts", { timeoutMs: 1_000, signal: undefined }, async () => ({ NextToken: `t${++fetched}`, Accounts: [] }), 50);
    let read = 0;
    const error = await (async () => {
      for await (const _page of listing) read++;
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    const fleet = error as FleetError;
    expect([fleet.code, fleet.kind, fleet.retryable, fleet.stage]).toEqual(["ERR_DISCOVERY", "server", false, "discover"]);
    expect(fleet.message).toBe("Organizations ListAccounts was still handing out new NextTokens after 50 pages; stopped instead of paging forever.");
    expect([read, fetched]).toEqual([50, 50]);
  });

  it("the limit is far above a real listing: 10,000 pages (200,000 accounts at ListAccounts' 20 a page)", async () => {
    expect(MAX_DISCOVERY_PAGES).toBe(10_000);
    let fetched = 0;
    const listing = pages("x", { timeoutMs: 1_000, signal: undefined }, async () => ({ NextToken: ++fetched < 300 ? `t${fetched}` : undefined }));
    let read = 0;
    for await (const _page of listing) read++;
    expect(read).toBe(300);
  });
});
