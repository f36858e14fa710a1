// Accounts files with YAML aliases and merge keys, read by sessionfleet and by PyYAML's
// safe_load (what c7n-org reads accounts.yml with): both must see the same accounts, roles and
// regions (issue 20 B9). An id PyYAML reads as a number is refused by sessionfleet, with a
// message that says to quote it.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAccountsFile } from "../../src/fanout/accounts/file.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sf-interop-accounts-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The accounts as PyYAML's safe_load reads the file: [id, role, regions] with Python's types. */
function safeLoad(path: string): unknown {
  const code = [
    "import json, sys, yaml",
    "doc = yaml.safe_load(open(sys.argv[1]))",
    "print(json.dumps([[a.get('account_id'), a.get('role'), a.get('regions')] for a in doc['accounts']]))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", code, path], { encoding: "utf8", timeout: 30_000 })) as unknown;
}

const FILES: Record<string, string> = {
  "anchors.yml": [
    "accounts:",
    "  - account_id: '200000000001'",
    "    role: &r AuditRole",
    "    regions: &regions [us-east-1, eu-west-1]",
    "  - account_id: '200000000002'",
    "    role: *r",
    "    regions: *regions",
    "",
  ].join("\n"),
  "merge.yml": [
    "accounts:",
    "  - &base",
    "    account_id: '200000000003'",
    "    role: AuditRole",
    "    regions: [us-west-2]",
    "  - <<: *base",
    "    account_id: '200000000004'",
    "  - <<: *base",
    "    account_id: '200000000005'",
    "    regions: [ap-southeast-2]",
    "",
  ].join("\n"),
};

describe("accounts files: sessionfleet reads what PyYAML's safe_load reads", () => {
  it.each(Object.keys(FILES))("%s: the same accounts, roles and regions", async (name) => {
    const path = join(dir, name);
    await writeFile(path, FILES[name]!);
    const ours = (await loadAccountsFile(path)).map((e) => [e.accountId, e.role ?? null, e.regions ?? null]);
    expect(ours).toEqual(safeLoad(path));
    expect(ours.length).toBeGreaterThan(1);
  });

  it("an unquoted id is a number to safe_load; sessionfleet refuses it and says to quote it", async () => {
    const path = join(dir, "bare.yml");
    await writeFile(path, "accounts:\n  - account_id: 012345670123\n    role: R\n  - account_id: 200000000001\n    role: R\n");
    // YAML 1.1 reads the first as octal (its leading zero, and its value, are gone) and the second as an int.
    // (An id with an 8 or 9 after a leading 0 stays a string to safe_load; sessionfleet refuses every
    // unquoted id alike rather than guess which rule a reader applies.)
    expect(safeLoad(path)).toEqual([[Number.parseInt("12345670123", 8), "R", null], [200000000001, "R", null]]);
    const error = await loadAccountsFile(path).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/line 2, field accounts\[0\]\.account_id: .*a bare number loses leading zeros; quote it/);
  });
});
