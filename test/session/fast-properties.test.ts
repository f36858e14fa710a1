// The SDK's resolved client config is a dictionary-mode object in V8, and the SDK spreads it three
// times per request (src/clients/fast-properties.ts). A shared core's config is given fast
// properties again; this checks it with V8's own %HasFastProperties in a process of the built
// package, after requests of two accounts went through light clients on that core.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

describe("a shared core's config has fast properties (V8)", () => {
  it("after 20 requests of two accounts: the core's and the light client's config are fast; a plain SDK client's is not", () => {
    const out = execFileSync(process.execPath, ["--allow-natives-syntax", "test/session/fixtures/config-mode.mjs"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH, AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ accounts: ["111111111111", "222222222222"], sdkClient: false, core: true, light: true });
  });
});
