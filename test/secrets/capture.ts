// Tools of the secrets suite: a recording proxy in front of the sandbox that learns every
// credential STS issues (from the wire, independently of the library under test), a logger that
// keeps everything the SDK logs, a capture of process stdout/stderr, and a scanner.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { inspect } from "node:util";

/** A secret and what it is, for messages that never print the secret itself. */
export interface Secret {
  kind: "caller access key id" | "caller secret key" | "issued access key id" | "issued secret key" | "issued session token" | "wrong secret key";
  value: string;
}

/** An HTTP proxy to the sandbox that records the credentials in every AssumeRole answer. */
export interface Recorder {
  endpoint: string;
  issued: Secret[];
  /** The body of every request passed on, in order. */
  requests: string[];
  close(): Promise<void>;
}

const FIELDS: Array<[RegExp, Secret["kind"]]> = [
  [/<AccessKeyId>([^<]+)<\/AccessKeyId>/g, "issued access key id"],
  [/<SecretAccessKey>([^<]+)<\/SecretAccessKey>/g, "issued secret key"],
  [/<SessionToken>([^<]+)<\/SessionToken>/g, "issued session token"],
];

const unescapeXml = (text: string): string =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** Changes an answer after its credentials were recorded (a hostile proxy): its body and headers. */
export type Rewrite = (body: string, headers: Record<string, string | string[] | undefined>) => { body: string; headers: Record<string, string | string[] | undefined> } | undefined;

/**
 * Starts a recording proxy on 127.0.0.1:0 forwarding to `target` (request headers unchanged, so
 * SigV4 still matches); `rewrite`, when it returns something, replaces the answer sent back.
 */
export async function startRecorder(target: string, rewrite?: Rewrite): Promise<Recorder> {
  const issued: Secret[] = [];
  const requests: string[] = [];
  const to = new URL(target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on("data", (c: Buffer) => chunks.push(c));
      up.on("end", () => {
        const body = Buffer.concat(chunks);
        for (const [pattern, kind] of FIELDS) for (const m of body.toString("utf8").matchAll(pattern)) issued.push({ kind, value: unescapeXml(m[1] as string) });
        const changed = rewrite?.(body.toString("utf8"), { ...up.headers });
        res.writeHead(up.statusCode ?? 502, changed?.headers ?? up.headers);
        res.end(changed?.body ?? body);
      });
    });
    upstream.on("error", () => req.socket.destroy());
    const sent: Buffer[] = [];
    req.on("data", (c: Buffer) => sent.push(c));
    req.on("end", () => requests.push(Buffer.concat(sent).toString("utf8")));
    req.pipe(upstream);
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    issued,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Text of any value as log sinks render it: JSON and util.inspect (deep, with getters). */
export function render(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    json = "(not JSON-serialisable)";
  }
  return `${json}\n${inspect(value, { depth: 12, getters: true })}`;
}

/** util.inspect with non-enumerable properties too (what `console.dir(x, { showHidden: true })` prints). */
export function renderHidden(value: unknown): string {
  return inspect(value, { depth: 12, showHidden: true });
}

/** A logger for `clientConfig.logger` that keeps a rendering of everything it is given. */
export function recordingLogger(): { logger: Record<string, (...args: unknown[]) => void>; text(): string; count(): number } {
  const lines: string[] = [];
  const keep = (level: string) => (...args: unknown[]): void => {
    lines.push(`${level} ${args.map(render).join(" ")}`);
  };
  return {
    logger: { trace: keep("trace"), debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") },
    text: () => lines.join("\n"),
    count: () => lines.length,
  };
}

/** Captures process.stdout/stderr writes and console.* calls until `stop()`. */
export function captureProcessOutput(): { stop(): string } {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  // The test runner routes console.* around process.stdout, so console is captured on its own.
  const methods = ["log", "info", "warn", "error", "debug", "trace", "dir"] as const;
  const saved = methods.map((m) => [m, console[m]] as const);
  for (const m of methods) console[m] = (...args: unknown[]) => void chunks.push(`${args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 12 }))).join(" ")}\n`);
  return {
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
      for (const [m, fn] of saved) console[m] = fn as never;
      return chunks.join("");
    },
  };
}

/** The forms a secret may take in text: as is, URL-encoded, and (for long ones) a 20-character piece. */
function forms(secret: Secret): string[] {
  const v = secret.value;
  const out = new Set([v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]);
  if (secret.kind !== "caller access key id" && secret.kind !== "issued access key id" && v.length >= 32) out.add(v.slice(8, 28));
  return [...out];
}

/** Which secrets occur in `text`: "<kind> in <where>", never the secret itself. */
export function leaks(secrets: readonly Secret[], text: string, where: string): string[] {
  const found: string[] = [];
  for (const s of secrets) if (forms(s).some((f) => text.includes(f))) found.push(`${s.kind} in ${where}`);
  return [...new Set(found)];
}
