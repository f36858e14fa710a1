// loadAccountsFile: c7n-org's accounts.yml as it is, JSON, CSV; a run driven by a file gets
// exactly its targets (per-account roles and regions); a malformed file names file, line, field.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadAccountsFile } from "../../src/fanout/accounts/file.js";
import { fanOut } from "../../src/fanout/run.js";
import { harness, ROLE, type Harness } from "../e2e/helpers.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sf-accounts-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

// As c7n-org's scripts/orgaccounts.py writes it (role ARNs, "key:value" tags, email), plus vars.
const C7N_YML = `accounts:
- account_id: '200000000001'
  email: prod-web@example.com
  name: prod-web
  regions:
  - us-east-1
  - eu-west-1
  role: arn:aws:iam::200000000001:role/OrganizationAccountAccessRole
  tags:
  - path:/Production
  - env:prod
  vars:
    charge_code: xyz
- account_id: "200000000002"
  name: prod-data
  role: OrganizationAccountAccessRole
  tags: ["env:prod", "team:search"]
- account_id: "200000000001"
`;

describe("loadAccountsFile", () => {
  it("reads c7n-org's accounts.yml unchanged", async () => {
    const entries = await loadAccountsFile(await file("ok.yml", C7N_YML.split("\n").slice(0, -2).join("\n")));
    expect(entries).toEqual([
      {
        accountId: "200000000001", name: "prod-web", role: "arn:aws:iam::200000000001:role/OrganizationAccountAccessRole",
        regions: ["us-east-1", "eu-west-1"], tags: { path: "/Production", env: "prod" }, vars: { charge_code: "xyz" },
      },
      { accountId: "200000000002", name: "prod-data", role: "OrganizationAccountAccessRole", tags: { env: "prod", team: "search" } },
    ]);
  });

  it("reads the same shape in JSON and CSV", async () => {
    const json = await loadAccountsFile(await file("a.json", JSON.stringify({ accounts: [{ account_id: "200000000004", name: "dev-web", role: "AuditRole", regions: ["us-west-2"], tags: ["env:dev"] }] })));
    expect(json).toEqual([{ accountId: "200000000004", name: "dev-web", role: "AuditRole", regions: ["us-west-2"], tags: { env: "dev" } }]);
    const csv = await loadAccountsFile(await file("a.csv", "account_id,name,role,regions,tags\r\n200000000004,dev-web,,\"us-west-2,us-east-1\",env:dev;team:payments\r\n200000000005,dev-data,AuditRole,,\r\n"));
    expect(csv).toEqual([
      { accountId: "200000000004", name: "dev-web", regions: ["us-west-2", "us-east-1"], tags: { env: "dev", team: "payments" } },
      { accountId: "200000000005", name: "dev-data", role: "AuditRole" },
    ]);
  });

  it.each([
    ["dup.yml", C7N_YML, /line 18, field accounts\[2\]\.account_id: "200000000001"; expected an account listed once/],
    ["role.yml", "accounts:\n  - account_id: '200000000001'\n    role: 'bad role!'\n", /line 3, field accounts\[0\]\.role/],
    ["arn.yml", "accounts:\n  - account_id: '200000000001'\n    role: arn:aws:iam::999999999999:role/X\n", /line 3, field accounts\[0\]\.role: .*a role ARN in account 200000000001/],
    ["region.yml", "accounts:\n  - account_id: '200000000001'\n    role: R\n    regions: [us-east-1, us-est-1]\n", /line 4, field accounts\[0\]\.regions/],
    ["id.yml", "accounts:\n  - name: x\n    role: R\n", /line 2, field accounts\[0\]\.account_id/],
    ["profile.yml", "accounts:\n  - account_id: '200000000001'\n    profile: ops\n", /line 3, field accounts\[0\]\.profile: a per-account profile is not supported/],
    ["syntax.yml", "accounts:\n  - account_id: '200000000001'\n   role: [x\n", /line \d+, field \(syntax\)/],
    ["top.yml", "subscriptions: []\n", /line 1, field subscriptions/],
    ["bad.json", "{\n  \"accounts\": [\n    { \"account_id\": 12 }\n  ]\n}\n", /line 3, field accounts\[0\]\.account_id/],
    ["cols.csv", "account_id,nam\n200000000001,x\n", /line 1, field nam: unknown column/],
    ["row.csv", "account_id,name,role\n200000000001,x,R\n200000000002,y\n", /line 3, field \(row\)/],
    ["tags.csv", "account_id,role,tags\n200000000001,R,:x\n", /line 2, field accounts\[0\]\.tags/],
  ])("a malformed %s is ERR_INVALID_INPUT naming the file, line and field", async (name, text, message) => {
    const path = await file(name, text);
    const error = await loadAccountsFile(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_INVALID_INPUT" });
    expect((error as Error).message).toContain(JSON.stringify(path));
    expect((error as Error).message).toMatch(message);
  });

  it("refuses a missing file and an unknown extension", async () => {
    await expect(loadAccountsFile(join(dir, "missing.yml"))).rejects.toMatchObject({ code: "ERR_INVALID_INPUT", message: expect.stringMatching(/Cannot read accounts file/) });
    await expect(loadAccountsFile(await file("a.txt", ""))).rejects.toMatchObject({ code: "ERR_INVALID_INPUT" });
  });
});

describe("accounts files as c7n-org reads them (issue 20 B9)", () => {
  it("resolves YAML aliases (and merge keys) as PyYAML's safe_load does", async () => {
    const text = [
      "accounts:",
      "  - &base",
      "    account_id: '200000000001'",
      "    role: &r AuditRole",
      "    regions: &regions [us-east-1, eu-west-1]",
      "  - account_id: '200000000002'",
      "    role: *r",
      "    regions: *regions",
      "  - <<: *base",
      "    account_id: '200000000003'",
      "",
    ].join("\n");
    expect(await loadAccountsFile(await file("alias.yml", text))).toEqual([
      { accountId: "200000000001", role: "AuditRole", regions: ["us-east-1", "eu-west-1"] },
      { accountId: "200000000002", role: "AuditRole", regions: ["us-east-1", "eu-west-1"] },
      { accountId: "200000000003", role: "AuditRole", regions: ["us-east-1", "eu-west-1"] },
    ]);
  });

  it("still refuses an alias bomb (billion laughs) before it grows", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e", "f", "g"].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`);
    const text = `vars:\n${levels.map((l) => `  ${l}`).join("\n")}\naccounts:\n  - account_id: '200000000001'\n    vars: *g\n`;
    const started = performance.now();
    const error = await loadAccountsFile(await file("bomb.yml", text)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_INVALID_INPUT", message: expect.stringMatching(/too many aliases/) });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([
    ["bare.yml", "accounts:\n  - account_id: 200000000001\n    role: R\n"],
    ["bare.json", '{"accounts": [{"account_id": 200000000001, "role": "R"}]}'],
    ["octal.yml", "accounts:\n  - account_id: 012345678901\n    role: R\n"],
  ])("refuses an account id written as a bare number (%s): a number cannot keep leading zeros", async (name, text) => {
    const error = await loadAccountsFile(await file(name, text)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_INVALID_INPUT" });
    expect((error as Error).message).toMatch(/account_id: .*a bare number.*quote it/);
  });

  it("a CSV file's bad account id says nothing about YAML", async () => {
    const error = await loadAccountsFile(await file("id.csv", "account_id,role\n12345,R\n")).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/line 2, field accounts\[0\]\.account_id: "12345"; expected a 12-digit account id/);
    expect((error as Error).message).not.toMatch(/YAML/);
  });
});

describe("control characters from the file never reach the terminal (issue 21.8)", () => {
  const ESC = String.fromCharCode(27);
  const BEL = String.fromCharCode(7);
  const RAW = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(31)}${String.fromCharCode(127)}-${String.fromCharCode(159)}]`);
  it.each([
    ["key.yml", `"${ESC}]0;pwned${BEL}": 1\naccounts:\n  - account_id: '200000000001'\n    role: R\n`],
    ["head.csv", `account_id,${ESC}]0;pwned${BEL}\n200000000001,x\n`],
    ["role.yml", `accounts:\n  - account_id: '200000000001'\n    role: "${ESC}[2J"\n`],
    ["id.csv", `account_id\n${ESC}]0;pwned${BEL}\n`],
  ])("%s: the error shows the escape as text (\\x1b), not as a control character", async (name, text) => {
    const error = await loadAccountsFile(await file(name, text)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_INVALID_INPUT" });
    expect((error as Error).message).not.toMatch(RAW);
    expect((error as Error).message).toMatch(/\\x1b|\\u001b/);
  });
});

describe("a run driven by an accounts file", () => {
  it("targets exactly the file's accounts × their own roles × their own regions", async () => {
    h = await harness();
    const path = await file("run.yml", `accounts:
- account_id: '200000000001'
  name: prod-web
  role: AuditRole
  external_id: sandbox-external-id
  regions: [us-east-1, eu-west-1]
  tags: [env:prod]
- account_id: '200000000004'
  name: dev-web
  tags: [env:dev]
- account_id: '200000000002'
  name: prod-data
  role: arn:aws:iam::200000000002:role/OrganizationAccountAccessRole
  regions: [us-west-2]
  tags: [env:prod]
`);
    const entries = await loadAccountsFile(path);
    const report = await fanOut({ session: h.base, accounts: entries, roles: ROLE, regions: ["ap-northeast-1"] }, ({ region }) => region);
    expect(report.failed).toEqual([]);
    expect(report.results.map((r) => `${r.accountId} ${r.accountName} ${r.roleArn?.split("/").pop()} ${r.region}`)).toEqual([
      "200000000001 prod-web AuditRole us-east-1",
      "200000000001 prod-web AuditRole eu-west-1",
      "200000000004 dev-web OrganizationAccountAccessRole ap-northeast-1",
      "200000000002 prod-data OrganizationAccountAccessRole us-west-2",
    ]);
    expect(h.sb.stats().assumeRole.byAccount).toEqual({ "200000000001": 1, "200000000004": 1, "200000000002": 1 });
    // The file's own tags narrow it, with no request to Organizations.
    const prod = await fanOut({ session: h.base, accounts: { list: entries, tags: { env: "prod" }, exclude: ["prod-data"] }, roles: ROLE, regions: ["us-east-1"] }, () => 1);
    expect(prod.results.map((r) => `${r.accountId} ${r.region}`)).toEqual(["200000000001 us-east-1", "200000000001 eu-west-1"]);
    expect(h.sb.stats().byService.organizations).toBeUndefined();
  });

  it("entries that all carry a role need no run-wide roles", async () => {
    h = await harness();
    const report = await fanOut({ session: h.base, accounts: [{ accountId: "200000000005", role: ROLE }], regions: ["us-east-1"] }, () => 1);
    expect(report.results.map((r) => [r.accountId, r.ok])).toEqual([["200000000005", true]]);
    await expect(fanOut({ session: h.base, accounts: [{ accountId: "200000000005" }], regions: ["us-east-1"] }, () => 1)).rejects.toMatchObject({ option: "roles" });
  });
});
