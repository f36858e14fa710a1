// `GET <endpoint>/_sandbox/stats`: the sandbox's request counters as JSON, for users who run the
// sandbox from the CLI and want to count AssumeRole calls from their own tests. The path cannot be
// an AWS request: the services the sandbox speaks (query and JSON protocols) are all POSTs to "/",
// and no REST API path of AWS starts with "/_" (an S3 path-style bucket name must begin with a
// letter or digit: "Bucket naming rules", Amazon S3 User Guide). It is answered before the request
// is counted, so reading the counters does not change them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxStats } from "./types.js";

const PREFIX = "/_sandbox/";

/** True when `req` was the sandbox's own (answered here); false for AWS requests. */
export function serveSandboxRoute(req: IncomingMessage, res: ServerResponse, stats: () => SandboxStats): boolean {
  const path = (req.url ?? "").split("?")[0] ?? "";
  if (!path.startsWith(PREFIX)) return false;
  if (req.method === "GET" && path === `${PREFIX}stats`) {
    const body = `${JSON.stringify(stats(), null, 2)}\n`;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  } else {
    res.writeHead(404, { "content-type": "text/plain" }).end(`No sandbox route ${req.method ?? ""} ${path}; try GET ${PREFIX}stats\n`);
  }
  req.resume();
  return true;
}
