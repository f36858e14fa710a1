// Node built-ins that only some features need, loaded when first used rather than when sessionfleet
// is imported (issue 23: `import("sessionfleet")` ≤ 0.6× `import("@aws-sdk/client-sts")`; node:https
// alone, with tls and net, is ~10 ms of a fresh process). `sessionfleet --help` and a script that
// only validates input start without them; the first pool, cache key or store loads what it uses.
import type * as Crypto from "node:crypto";
import type * as DiagnosticsChannel from "node:diagnostics_channel";
import type * as FsPromises from "node:fs/promises";
import type * as Http from "node:http";
import type * as Https from "node:https";
import type * as Net from "node:net";
import type * as Os from "node:os";
import type * as Tls from "node:tls";
import { sdkRequire } from "./sdk-require.js";

const load = sdkRequire;
let crypto: typeof Crypto | undefined;
let diagnosticsChannel: typeof DiagnosticsChannel | undefined;
let http: typeof Http | undefined;
let https: typeof Https | undefined;
let fsPromises: typeof FsPromises | undefined;
let os: typeof Os | undefined;
let net: typeof Net | undefined;
let tls: typeof Tls | undefined;

export const nodeCrypto = (): typeof Crypto => (crypto ??= load("node:crypto") as typeof Crypto);
export const nodeDiagnosticsChannel = (): typeof DiagnosticsChannel => (diagnosticsChannel ??= load("node:diagnostics_channel") as typeof DiagnosticsChannel);
export const nodeHttp = (): typeof Http => (http ??= load("node:http") as typeof Http);
export const nodeHttps = (): typeof Https => (https ??= load("node:https") as typeof Https);
export const nodeFsPromises = (): typeof FsPromises => (fsPromises ??= load("node:fs/promises") as typeof FsPromises);
export const nodeOs = (): typeof Os => (os ??= load("node:os") as typeof Os);
export const nodeNet = (): typeof Net => (net ??= load("node:net") as typeof Net);
export const nodeTls = (): typeof Tls => (tls ??= load("node:tls") as typeof Tls);
