// What the non-AWS-answer check leaves to the SDK, against a plain HTTP server standing in for a
// proxy: an error with an AWS request id, or an empty error body from a REST/JSON service, is the
// SDK's to parse; a text/plain 503 without one from a query-protocol service is not AWS's.
import { ListRegionsCommand, AccountClient } from "@aws-sdk/client-account";
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
