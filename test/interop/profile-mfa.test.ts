// A --profile whose role needs MFA (role_arn + source_profile + mfa_serial), against moto's server,
// with botocore's own reading of the same profile as the control. Our CLI runs in a real terminal
// (Python's pty module): it must ask for the code there, as the AWS CLI does, and send it with the
// profile's AssumeRole. A recording proxy in front of moto shows SerialNumber and TokenCode on the
// wire (moto accepts any code; the sandbox's BreakGlassRole, in test/cli/profile-mfa.test.ts,
// refuses a wrong one).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecorder, type Recorder } from "../secrets/capture.js";
import { BIN } from "../cli/run-cli.js";
import { python } from "./clients.js";
import { MOTO_ACCOUNT, MOTO_KEYS, startMoto, type MotoServer } from "./moto-server.js";

const SERIAL = `arn:aws:iam::${MOTO_ACCOUNT}:mfa/operator`;
const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT}:role/BreakGlass`;
let moto: MotoServer;
let rec: Recorder;
let dir: string;

beforeAll(async () => {
  moto = await startMoto();
  rec = await startRecorder(moto.endpoint);
  dir = mkdtempSync(join(tmpdir(), "sf-interop-profile-mfa-"));
  writeFileSync(join(dir, "config"), [
    "[profile base]", `aws_access_key_id = ${MOTO_KEYS.accessKeyId}`, `aws_secret_access_key = ${MOTO_KEYS.secretAccessKey}`,
    "[profile breakglass]", `role_arn = ${ROLE_ARN}`, "source_profile = base", `mfa_serial = ${SERIAL}`, "region = us-east-1",
    "",
  ].join("\n"));
}, 120_000);
afterAll(async () => {
  await rec?.close();
  await moto?.close();
  rmSync(dir, { recursive: true, force: true });
});

const profileEnv = () => ({ AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), AWS_ENDPOINT_URL: rec.endpoint });

/** Runs our CLI on a pseudo-terminal; types `code` when it asks for an MFA code. */
async function onTerminal(args: string[], code: string): Promise<{ status: number; screen: string; asked: boolean }> {
  const env = { PATH: process.env.PATH ?? "", HOME: dir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", SESSIONFLEET_CACHE_DIR: join(dir, "cache"), ...profileEnv() };
  const out = await python(`
import json, os, pty, select, time
argv = ${JSON.stringify([process.execPath, BIN, ...args])}
env = ${JSON.stringify(env)}
pid, fd = pty.fork()
if pid == 0:
    os.execve(argv[0], argv, env)
screen, asked, deadline = b"", False, time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    screen += chunk
    if not asked and b"MFA code for" in screen:
        os.write(fd, ${JSON.stringify(code)}.encode() + b"\\r")
        asked = True
_, status = os.waitpid(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "screen": screen.decode("utf8", "replace"), "asked": asked}))
`, {}, 90_000);
  return JSON.parse(out) as { status: number; screen: string; asked: boolean };
}

describe("a --profile whose role needs MFA, against moto", () => {
  it("botocore reads the profile the same way: it asks its prompter for the device's code and gets the role", async () => {
    const out = await python(`
import botocore.session
asked = []
s = botocore.session.Session(profile="breakglass")
s.get_component("credential_provider").get_provider("assume-role")._prompter = lambda prompt: (asked.append(prompt), "123456")[1]
print(s.create_client("sts").get_caller_identity()["Arn"])
print(asked[0])
`, profileEnv());
    const [arn, prompt] = out.trim().split("\n");
    expect(arn).toMatch(new RegExp(`^arn:aws:sts::${MOTO_ACCOUNT}:assumed-role/BreakGlass/`));
    expect(prompt).toContain(SERIAL);
  }, 90_000);

  it("our CLI on a terminal asks for the code with the device's ARN, sends it with the profile's AssumeRole, and answers as the role", async () => {
    const before = rec.requests.length;
    const run = await onTerminal(["whoami", "--profile", "breakglass", "--format", "json"], "654321");
    expect(run.asked).toBe(true);
    expect(run.screen).toContain(`MFA code for ${SERIAL}: `);
    expect(run.status).toBe(0);
    expect(run.screen).toMatch(new RegExp(`"arn": "arn:aws:sts::${MOTO_ACCOUNT}:assumed-role/BreakGlass/`));
    const assumeRoles = rec.requests.slice(before).filter((body) => body.includes("Action=AssumeRole"));
    expect(assumeRoles).toHaveLength(1);
    const sent = new URLSearchParams(assumeRoles[0]);
    expect([sent.get("RoleArn"), sent.get("SerialNumber"), sent.get("TokenCode")]).toEqual([ROLE_ARN, SERIAL, "654321"]);
  }, 90_000);
});
