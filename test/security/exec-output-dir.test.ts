// `exec --output-dir` on a shared machine (issue 21.1), as two users: an attacker who can write
// only to a shared 1777 folder plants the output tree a victim will use — out/<account>/ 0777,
// <region>.out 0666 of theirs, <region>.err a symlink to the victim's own file. The victim's run
// must refuse, leave the victim's file as it was, and give the attacker no secret to read.
import { chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import { ATTACKER, VICTIM, cliAs, nodeAs, requireTwoUsers, sharedFolder } from "./two-users.js";

const ACCOUNT = "100000000001";
const REGION = "us-east-1";
let sb: Sandbox;

beforeAll(async () => {
  requireTwoUsers();
  sb = await startSandbox({});
});
afterAll(async () => {
  await sb?.close();
});

/** The victim's environment: the sandbox's keys, no cache (its folder would be root's). */
const victimEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? "", HOME: "/nonexistent", AWS_ACCESS_KEY_ID: sb.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: sb.credentials.secretAccessKey,
  AWS_REGION: REGION, AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_EC2_METADATA_DISABLED: "true",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
});
// The child prints its secret key to stdout and a line to stderr, as a careless script might.
const CHILD = [process.execPath, "-e", "console.log('secret', process.env.AWS_SECRET_ACCESS_KEY); console.error('err line')"];

/** A file of the victim's, in a folder of the victim's, that the attacker points a symlink at. */
function victimFile(): string {
  const home = mkdtempSync(join(tmpdir(), "sessionfleet-victim-"));
  chownSync(home, VICTIM, VICTIM);
  const file = join(home, "precious");
  writeFileSync(file, "the victim's own data\n", { mode: 0o600 });
  chownSync(file, VICTIM, VICTIM);
  return file;
}

/** The attacker plants out/<account>/ (0777), <region>.out (0666) and <region>.err -> `target`, under `out`. */
async function plant(out: string, target: string, makeOut: boolean): Promise<void> {
  await nodeAs(ATTACKER, `
const fs = require("node:fs");
const out = ${JSON.stringify(out)};
${makeOut ? "fs.mkdirSync(out); fs.chmodSync(out, 0o777);" : ""}
const account = out + "/${ACCOUNT}";
fs.mkdirSync(account); fs.chmodSync(account, 0o777);
fs.writeFileSync(account + "/${REGION}.out", ""); fs.chmodSync(account + "/${REGION}.out", 0o666);
fs.symlinkSync(${JSON.stringify(target)}, account + "/${REGION}.err");`);
}

/** What the attacker can read of everything under `out`. */
async function attackerReads(out: string): Promise<string> {
  return nodeAs(ATTACKER, `
const fs = require("node:fs");
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = d + "/" + e.name; try { if (e.isDirectory()) walk(p); else process.stdout.write(fs.readFileSync(p, "utf8")); } catch {} } };
try { walk(${JSON.stringify(out)}); } catch {}`);
}

describe("exec --output-dir as two users", () => {
  it("the attacker made out/ (0777) with the account folder, a 0666 .out and a symlinked .err: the victim's run refuses before any request (exit 2)", async () => {
    const shared = sharedFolder();
    const out = join(shared, "out");
    const precious = victimFile();
    await plant(out, precious, true);
    sb.resetStats();
    const run = await cliAs(VICTIM, ["exec", "--no-cache", "--endpoint-url", sb.endpoint, "--output-dir", out, "--", ...CHILD], victimEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Refusing --output-dir: ${out} belongs to another user`);
    expect(sb.stats().requests).toBe(0);
    expect(readFileSync(precious, "utf8")).toBe("the victim's own data\n");
    expect(await attackerReads(out)).not.toContain("secret");
  });

  it("the victim's own out/ left writable by others (0777), planted inside: refused (exit 2), the victim's file untouched", async () => {
    const shared = sharedFolder();
    const out = join(shared, "out");
    mkdirSync(out);
    chownSync(out, VICTIM, VICTIM);
    await nodeAs(VICTIM, `require("node:fs").chmodSync(${JSON.stringify(out)}, 0o777)`);
    const precious = victimFile();
    await plant(out, precious, false);
    const run = await cliAs(VICTIM, ["exec", "--no-cache", "--endpoint-url", sb.endpoint, "--output-dir", out, "--", ...CHILD], victimEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Refusing --output-dir: ${out} can be written by other users (mode 777)`);
    expect(readFileSync(precious, "utf8")).toBe("the victim's own data\n");
    expect(await attackerReads(out)).not.toContain("secret");
  });

  it("a new out/ in the shared folder: the run creates it 0700 with 0600 files; the attacker reads nothing; a second run into it refuses to overwrite", async () => {
    const shared = sharedFolder();
    const out = join(shared, "fresh", "out");
    const first = await cliAs(VICTIM, ["exec", "--no-cache", "--endpoint-url", sb.endpoint, "--output-dir", out, "--", ...CHILD], victimEnv());
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    for (const folder of [join(shared, "fresh"), out, join(out, ACCOUNT)]) expect([statSync(folder).mode & 0o777, statSync(folder).uid]).toEqual([0o700, VICTIM]);
    const file = join(out, ACCOUNT, `${REGION}.out`);
    expect([statSync(file).mode & 0o777, statSync(file).uid]).toEqual([0o600, VICTIM]);
    expect(readFileSync(file, "utf8")).toBe(`secret ${sb.credentials.secretAccessKey}\n`);
    expect(await attackerReads(join(shared, "fresh"))).toBe("");
    const second = await cliAs(VICTIM, ["exec", "--no-cache", "--endpoint-url", sb.endpoint, "--output-dir", out, "--format", "json", "--", process.execPath, "-e", "console.log('second')"], victimEnv());
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toMatchObject({ targets: [{ ok: false, stage: "task", error: { message: expect.stringContaining(`${file} already exists`) } }] });
    expect(readFileSync(file, "utf8")).toBe(`secret ${sb.credentials.secretAccessKey}\n`);
    expect(readdirSync(join(out, ACCOUNT)).sort()).toEqual([`${REGION}.err`, `${REGION}.out`]);
  });
});
