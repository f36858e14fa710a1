// Control characters from files and servers never reach the terminal (issue 21.8): every message
// and cell that quotes such text goes through one helper (src/untrusted.ts), which shows them as
// escapes. The needle is an OSC "set window title" (ESC ] 0 ; … BEL) and a C1 CSI (0x9b).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { palette } from "../../src/cli/output/color.js";
import { renderLeftOut } from "../../src/cli/output/left-out.js";
import { main, type CliIo } from "../../src/cli/main.js";
import { renderMatrix } from "../../src/cli/output/matrix.js";
import { renderList } from "../../src/cli/output/render-list.js";
import { renderTable } from "../../src/cli/output/render.js";
import type { TargetRecord, ValueView } from "../../src/cli/output/records.js";
import { renderFailureSummary } from "../../src/cli/output/summary.js";
import { FleetError } from "../../src/errors.js";
import type { AccountSelection, FanOutFailure } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { untrusted } from "../../src/untrusted.js";

const c = (code: number): string => String.fromCharCode(code);
const EVIL = `${c(27)}]0;pwned${c(7)}${c(0x9b)}2J${c(0x202e)}`;
const RAW = new RegExp(`[${c(0)}-${c(8)}${c(11)}-${c(31)}${c(127)}-${c(159)}${c(0x202a)}-${c(0x202e)}]`);
const plain = palette(false);
const view: ValueView<number> = { columns: ["Option groups"], cells: (n) => [String(n)], fields: (n) => ({ optionGroups: n }), fieldNames: ["optionGroups"], amount: (n) => n };

describe("untrusted()", () => {
  it("escapes C0, DEL, C1 and bidi overrides; leaves printable text (and non-Latin letters) alone", () => {
    expect(untrusted(`a${EVIL}\n\tb`)).toBe("a\\x1b]0;pwned\\x07\\x9b2J\\u202e\\n\\tb");
    expect(untrusted("prod-ünïcode 東京 ✓")).toBe("prod-ünïcode 東京 ✓");
  });
});

describe("text from servers and files, as the CLI prints it", () => {
  const failure = { accountId: "111111111111", region: "us-east-1", ok: false, stage: "task", ms: 1,
    error: Object.assign(new FleetError("ERR_TASK", `Task failed: ${EVIL}`), { awsCode: `Bad${EVIL}` }) } as unknown as FanOutFailure;

  it("the table: an account name (from Organizations) and a failure's AWS code", () => {
    const records: TargetRecord<number>[] = [
      { accountId: "111111111111", accountName: `=evil${EVIL}`, region: "us-east-1", ok: true, value: 1 },
      failure as TargetRecord<number>,
    ];
    const out = renderTable(records, view, plain);
    expect(out).not.toMatch(RAW);
    expect(out).toContain("\\x1b]0;pwned\\x07");
  });

  it("the failure summary, plain and --verbose", () => {
    for (const verbose of [false, true]) {
      const out = renderFailureSummary([failure], 1, verbose, plain);
      expect(out).not.toMatch(RAW);
      expect(out).toContain("\\x1b]0;pwned");
    }
  });

  it("the matrix's row labels and the left-out note's names", () => {
    const out = renderMatrix([{ accountId: "111111111111", accountName: EVIL, region: "us-east-1", ok: true, value: 2 }], { colors: plain });
    expect(out).not.toMatch(RAW);
    const selection = { accounts: [], failed: [], leftOut: [{ accountId: "222222222222", name: EVIL, rule: "not-active", status: `SUSPENDED${EVIL}` }] } as unknown as AccountSelection;
    const note = renderLeftOut(selection, plain);
    expect(note).not.toMatch(RAW);
    expect(note).toContain("\\x1b]0;pwned");
  });

  it("list tables (accounts, regions)", () => {
    const out = renderList("accounts", [{ accountId: "1", name: EVIL }], [{ key: "accountId", title: "Account" }, { key: "name", title: "Name" }], "table", plain);
    expect(out).not.toMatch(RAW);
  });
});

describe("end to end", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ accounts: [{ id: "300000000001", name: EVIL }] });
    process.env.AWS_ACCESS_KEY_ID = sb.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = sb.credentials.secretAccessKey;
  });
  afterAll(async () => {
    await sb?.close();
  });

  it("an account named with escapes: accounts and option-groups tables and the failure summary show them as text", async () => {
    for (const argv of [["accounts"], ["option-groups", "--accounts", "org", "--role", "NoSuchRole"]]) {
      let out = "";
      let err = "";
      const io: CliIo = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, env: {} };
      await main([...argv, "--endpoint-url", sb.endpoint, "--region", "us-east-1"], io);
      expect(out).toContain("\\x1b]0;pwned");
      expect(out).not.toMatch(RAW);
      expect(err).not.toMatch(RAW);
    }
  });

  it("cache list: role ARNs and accounts read from cache files", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { FileCredentialStore } = await import("../../src/credentials/file-store.js");
    const dir = mkdtempSync(join(tmpdir(), "sf-untrusted-cache-"));
    await new FileCredentialStore({ dir }).set("a".repeat(64), {
      accessKeyId: "ASIAFAKEFAKEFAKE0001", secretAccessKey: "fake", sessionToken: "fake", expiration: new Date(Date.now() + 3_600_000),
      roleArn: `arn:aws:iam::300000000001:role/${EVIL}`, accountId: "300000000001",
    });
    const saved = process.env.SESSIONFLEET_CACHE_DIR;
    process.env.SESSIONFLEET_CACHE_DIR = dir;
    try {
      let out = "";
      const io: CliIo = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true }, env: {} };
      expect(await main(["cache", "list"], io)).toBe(0);
      expect(out).toContain("role/\\x1b]0;pwned");
      expect(out).not.toMatch(RAW);
    } finally {
      if (saved === undefined) delete process.env.SESSIONFLEET_CACHE_DIR;
      else process.env.SESSIONFLEET_CACHE_DIR = saved;
    }
  });

  it("a top-level error quoting a server's or file's text (main's one line)", async () => {
    let err = "";
    const io: CliIo = { stdout: { write: () => true }, stderr: { write: (s: string) => ((err += s), true) }, env: {} };
    // The merge input is a file: its bad line is quoted in the error.
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "sf-untrusted-")), "shard.ndjson");
    writeFileSync(file, `${EVIL}\n`);
    expect(await main(["merge", file], io)).not.toBe(0);
    expect(err).not.toMatch(RAW);
    expect(err).toMatch(/\\u001b\]0;pwned\\u0007\\x9b2J\\u202e/);
  });
});
