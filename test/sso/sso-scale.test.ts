// A sign-in with more accounts than Node's default listener limit: the listing's own calls share
// one signal, so a caller's signal never collects more than one listener (no
// MaxListenersExceededWarning on a 20-account listing at concurrency 16).
import { afterAll, beforeAll, expect, it } from "vitest";
import { CredentialSession, listSsoAccounts } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ssoHome, type SsoHome } from "./helpers.js";

const ids = Array.from({ length: 20 }, (_, i) => `3000000000${String(i).padStart(2, "0")}`);
let sb: Sandbox;
let home: SsoHome;

beforeAll(async () => {
  sb = await startSandbox({ accounts: ids.map((id) => ({ id })), sso: { assignments: Object.fromEntries(ids.map((id) => [id, ["ReadOnlyAccess"]])) } });
  (home = ssoHome(sb)).use();
});
afterAll(async () => {
  home.restore();
  await sb.close();
});

it("lists 20 accounts at concurrency 16 under one caller signal without a MaxListenersExceededWarning", async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.name);
  process.on("warning", onWarning);
  try {
    const session = new CredentialSession({ profile: "sso-dev", region: "us-east-1", clientConfig: { endpoint: sb.endpoint } });
    const accounts = await listSsoAccounts(session, { concurrency: 16, signal: new AbortController().signal });
    expect(accounts.map((a) => a.accountId)).toEqual(ids);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((name) => name === "MaxListenersExceededWarning")).toEqual([]);
  } finally {
    process.off("warning", onWarning);
  }
});
