// The non-AWS-answer check (src/response-check.ts) reads headers by lower-case name. Node's and
// fetch's handlers give them so; a request handler of the user's may not. Headers in any case must
// be found: an HTML page with `Content-Type: text/html` is not an AWS answer, and an error with
// `X-Amzn-RequestId` is the SDK's to parse.
import { Readable } from "node:stream";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { HttpResponse } from "@smithy/core/protocols";
import { describe, expect, it } from "vitest";
import { nonAwsResponsePlugin } from "../../src/response-check.js";

function clientAnswering(statusCode: number, headers: Record<string, string>, body: string): STSClient {
  const client = new STSClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIAFAKEFAKEFAKE0001", secretAccessKey: "fake-secret" },
    maxAttempts: 1,
    requestHandler: { handle: async () => ({ response: new HttpResponse({ statusCode, headers, body: Readable.from([Buffer.from(body)]) }) }) },
  });
  client.middlewareStack.use(nonAwsResponsePlugin(client));
  return client;
}

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

describe("headers in any case", () => {
  it("a 200 page with Content-Type: text/html (capitals) is not an AWS answer", async () => {
    const client = clientAnswering(200, { "Content-Type": "text/html" }, "<!DOCTYPE html><html><body>proxy</body></html>");
    const error = await caught(client.send(new GetCallerIdentityCommand({})));
    expect(error?.name).toBe("NonAwsResponse");
    expect(error?.message).toContain("(content-type text/html)");
  });

  it("a text/plain 503 with X-Amzn-RequestId (capitals) stays the SDK's error", async () => {
    const client = clientAnswering(503, { "Content-Type": "text/plain", "X-Amzn-RequestId": "req-1" }, "Service Unavailable");
    const error = await caught(client.send(new GetCallerIdentityCommand({})));
    expect(error).toBeDefined();
    expect(error?.name).not.toBe("NonAwsResponse");
  });

  it("an empty 200 with Content-Length: 0 (capitals) from a query-protocol service is not an AWS answer", async () => {
    const client = clientAnswering(200, { "Content-Length": "0" }, "");
    const error = await caught(client.send(new GetCallerIdentityCommand({})));
    expect(error?.name).toBe("NonAwsResponse");
    expect(error?.message).toContain("with an empty body");
  });
});
