// What the non-AWS-answer check leaves to the SDK, against a plain HTTP server standing in for a
// proxy: an error with an AWS request id, or an empty error body from a REST/JSON service, is the
// SDK's to parse; a text/plain 503 without one from a query-protocol service is not AWS's, and
// neither is an empty 200 from one, however the empty body is framed.
import { ListRegionsCommand, AccountClient } from "@aws-sdk/client-account";
import { DescribeOptionGroupsCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { useReplyServer } from "./reply-server.js";
import { FleetError } from "../../src/index.js";

const server = useReplyServer();

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } });

describe("answers the SDK keeps", () => {
  it("an empty 404 from a REST/JSON service is the SDK's error, not a non-AWS answer", async () => {
    server.reply = { status: 404, headers: {}, body: "" };
    const error = await caught(server.session.client(AccountClient).send(new ListRegionsCommand({})));
    expect(error?.name).not.toBe("NonAwsResponse");
    expect(new FleetError("ERR_TASK", "x", { cause: error }).kind).toBe("not-found");
  });

  it("a text/plain 503 with an AWS request id stays the SDK's; without one it is named as not AWS's", async () => {
    server.reply = { status: 503, headers: { "content-type": "text/plain", "x-amzn-requestid": "req-1" }, body: "Service Unavailable" };
    const withId = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
    expect(withId?.name).not.toBe("NonAwsResponse");
    server.reply = { status: 503, headers: { "content-type": "text/plain" }, body: "Service Unavailable" };
    const without = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
    expect(without?.message).toBe("HTTP 503 from STS GetCallerIdentity with a body that was not an AWS response (content-type text/plain); a proxy or load balancer may have answered instead of AWS");
    const facts = new FleetError("ERR_TASK", "x", { cause: without });
    expect([facts.kind, facts.retryable, facts.httpStatus, facts.awsCode]).toEqual(["server", true, 503, undefined]);
  });
});

describe("an empty 200 from a query-protocol service, whatever its framing", () => {
  // Every answer of the AWS query protocol is an XML document (<XResponse> or <ErrorResponse>), so
  // an empty 200 is a proxy's, not STS's or RDS's. A proxy that re-frames the answer sends it
  // chunked, or with no length at all (read to the close); the SDK would parse either as an empty
  // result: GetCallerIdentity "without an identity", or zero option groups.
  const framings: Array<[string, Record<string, string>]> = [
    ["chunked", { "content-type": "text/xml", "transfer-encoding": "chunked" }],
    ["without a length, read to the close", { "content-type": "text/xml", connection: "close" }],
  ];
  for (const [framing, headers] of framings) {
    it(`${framing}: not an AWS answer, for STS and for RDS`, async () => {
      server.reply = { status: 200, headers, body: "" };
      const sts = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
      expect(sts?.message).toBe("HTTP 200 from STS GetCallerIdentity with an empty body; a proxy or load balancer may have answered instead of AWS");
      const rds = await caught(server.session.client(RDSClient).send(new DescribeOptionGroupsCommand({})));
      expect(rds?.name).toBe("NonAwsResponse");
      expect(new FleetError("ERR_TASK", "x", { cause: rds }).kind).toBe("server");
    });

    it(`${framing}, led by blank lines and followed by more than the check ever buffers (32 MiB): the SDK's answer, not "too large"`, async () => {
      const document = "<DescribeOptionGroupsResponse><DescribeOptionGroupsResult><OptionGroupsList><OptionGroup><OptionGroupName>og-big</OptionGroupName></OptionGroup></OptionGroupsList></DescribeOptionGroupsResult></DescribeOptionGroupsResponse>";
      server.reply = { status: 200, headers, body: `\n\n${document}${" ".repeat(33 * 1024 * 1024)}` };
      const out = await server.session.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
      expect(out.OptionGroupsList?.map((g) => g.OptionGroupName)).toEqual(["og-big"]);
    }, 20_000);

    it(`${framing}, with the document in it: the SDK's answer, read once`, async () => {
      server.reply = { status: 200, headers, body: "<DescribeOptionGroupsResponse><DescribeOptionGroupsResult><OptionGroupsList><OptionGroup><OptionGroupName>og-1</OptionGroupName></OptionGroup></OptionGroupsList></DescribeOptionGroupsResult></DescribeOptionGroupsResponse>" };
      const out = await server.session.client(RDSClient).send(new DescribeOptionGroupsCommand({}));
      expect(out.OptionGroupsList?.map((g) => g.OptionGroupName)).toEqual(["og-1"]);
    });
  }
});

describe("a proxy's refusal is not AWS's", () => {
  // A corporate proxy or WAF that answers 403/404 with its own HTML page has not asked IAM: the
  // failure is the path to AWS ("server": check the endpoint or the proxy), not a role that is
  // missing or does not trust the caller. A proxy's 429 is still throttling.
  it("an HTML 403 or 404 from a proxy: kind server, not access-denied or not-found, and not retried", async () => {
    for (const status of [403, 404]) {
      server.reply = { status, headers: { "content-type": "text/html" }, body: "<html><body><h1>Blocked by policy</h1></body></html>" };
      const error = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
      expect(error?.name).toBe("NonAwsResponse");
      const facts = new FleetError("ERR_ASSUME_ROLE", "x", { cause: error });
      expect([facts.kind, facts.retryable, facts.httpStatus, facts.awsCode]).toEqual(["server", false, status, undefined]);
    }
  });

  it("an HTML 429 from a proxy is still throttling, retryable", async () => {
    server.reply = { status: 429, headers: { "content-type": "text/html" }, body: "<html><body>Too many requests</body></html>" };
    const error = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
    const facts = new FleetError("ERR_TASK", "x", { cause: error });
    expect([facts.kind, facts.retryable, facts.httpStatus]).toEqual(["throttled", true, 429]);
  });
});

describe("a 200 whose document cannot be read", () => {
  // Looks like the document (XML, not a page), so the check hands it on, and the SDK's parser then
  // fails: the answer, not the request or the caller's rights, is what went wrong.
  it("broken XML in a 200: kind server, with the parser's words, not unknown", async () => {
    server.reply = { status: 200, headers: { "content-type": "text/xml" }, body: "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Account></GetCallerIdentityResult></GetCallerIdentityResponse>" };
    const error = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
    expect(error?.message).toMatch(/XML parse error/);
    const facts = new FleetError("ERR_TASK", "x", { cause: error });
    expect([facts.kind, facts.retryable, facts.httpStatus]).toEqual(["server", false, 200]);
  });
});

describe("well-formed XML that is not the answer", () => {
  // A 200 with an XML document that is not STS's (a proxy's status page): the SDK finds no
  // GetCallerIdentityResult in it and returns an empty output. identity() must not call that a
  // credentials problem ("fix --profile"): the answer was wrong, not the configuration.
  it("session.identity() on a 200 without an identity: ERR_DISCOVERY, kind server", async () => {
    server.reply = { status: 200, headers: { "content-type": "text/xml" }, body: '<?xml version="1.0"?><Status><Message>maintenance</Message></Status>' };
    const error = await caught(server.session.identity());
    expect(error).toBeInstanceOf(FleetError);
    const fleet = error as unknown as FleetError;
    expect([fleet.code, fleet.kind, fleet.retryable]).toEqual(["ERR_DISCOVERY", "server", false]);
    expect(fleet.message).toBe("STS GetCallerIdentity answered without an identity (no Account, Arn or UserId): something other than STS may have answered");
  });
});
