// Plain-http endpoints stay allowed (emulators in containers listen on http://localstack:4566),
// but off this machine a request signed with temporary credentials carries the session token in
// clear (the X-Amz-Security-Token header), so the first use of such an endpoint is warned about.
import { nodeNet } from "./node-builtins.js";

/** `process.emitWarning` code of {@link warnIfInsecureEndpoint}. */
export const INSECURE_ENDPOINT_WARNING = "SESSIONFLEET_INSECURE_ENDPOINT";
const warned = new Set<string>();

/** True for localhost, 127.0.0.0/8 and ::1 (also as an IPv4-mapped IPv6 address). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (nodeNet().isIP(host) === 4) return host.startsWith("127.");
  if (nodeNet().isIP(host) === 6) return host === "::1" || /^(?:0{0,4}:){5}(?:0{0,4}:)?::1$/.test(host) || /^::ffff:127\./.test(host) || host === "0:0:0:0:0:0:0:1";
  return false;
}

/** Emits one warning per endpoint and process when `endpoint` is http:// to a non-loopback host. */
export function warnIfInsecureEndpoint(endpoint: string | URL): void {
  let url: URL;
  try {
    url = typeof endpoint === "string" ? new URL(endpoint) : endpoint;
  } catch {
    return;
  }
  if (url.protocol !== "http:" || isLoopbackHost(url.hostname)) return;
  const key = url.origin;
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(
    `Endpoint ${key} is plain http:// to another host: request signatures and session tokens travel unencrypted. Use https:// unless the network is trusted.`,
    { code: INSECURE_ENDPOINT_WARNING },
  );
}
