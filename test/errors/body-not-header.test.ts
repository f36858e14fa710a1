// Issue 20 B1: an answer is judged by its body, not its content-type. moto's server sends valid
// JSON as `text/html`; a 2xx whose body parses as the protocol's document is the service's answer
// whatever the header says, and the SDK always gets the whole body (the check used to read at
// most 64 KiB and pass on what it read). An HTML page stays "not an AWS response".
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { useReplyServer } from "./reply-server.js";
import { MAX_CHECKED_BODY } from "../../src/response-check.js";

const server = useReplyServer();

const caught = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);
const account = (i: number) => ({ Id: String(200000000000 + i), Arn: `arn:aws:organizations::100000000001:account/o-fake/${200000000000 + i}`, Name: `account-${i}-${"x".repeat(40)}`, Email: `a${i}@example.com`, Status: "ACTIVE", State: "ACTIVE" });

describe("a 2xx is judged by its body (issue 20 B1)", () => {
  it("JSON sent as text/html (as moto does) is Organizations' answer", async () => {
    server.reply = { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: JSON.stringify({ Accounts: [account(1), account(2)] }) };
    const out = await server.session.client(OrganizationsClient).send(new ListAccountsCommand({}));
    expect(out.Accounts?.map((a) => a.Id)).toEqual(["200000000001", "200000000002"]);
  });

  it("a text/html JSON answer over 64 KiB reaches the SDK whole", async () => {
    const accounts = Array.from({ length: 800 }, (_, i) => account(i));
    const body = JSON.stringify({ Accounts: accounts, NextToken: "page-2" });
    expect(body.length).toBeGreaterThan(128 * 1024);
    server.reply = { status: 200, headers: { "content-type": "text/html" }, body };
    const out = await server.session.client(OrganizationsClient).send(new ListAccountsCommand({}));
    expect([out.Accounts?.length, out.Accounts?.at(-1)?.Id, out.NextToken]).toEqual([800, "200000000799", "page-2"]);
  });

  it("XML sent as text/html is STS's answer; an HTML page is still not an AWS response", async () => {
    const xml = '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/me</Arn><UserId>AIDAFAKE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
    server.reply = { status: 200, headers: { "content-type": "text/html" }, body: xml };
    expect((await server.session.client(STSClient).send(new GetCallerIdentityCommand({}))).Account).toBe("123456789012");
    server.reply = { status: 200, headers: { "content-type": "text/html" }, body: "<!DOCTYPE html><html><body>Welcome to the proxy</body></html>" };
    const page = await caught(server.session.client(STSClient).send(new GetCallerIdentityCommand({})));
    expect(page?.message).toBe("HTTP 200 from STS GetCallerIdentity with a body that was not an AWS response (content-type text/html); a proxy or load balancer may have answered instead of AWS");
    server.reply = { status: 200, headers: { "content-type": "text/html" }, body: "<html><body>{}</body></html>" };
    const json = await caught(server.session.client(OrganizationsClient).send(new ListAccountsCommand({})));
    expect(json?.name).toBe("NonAwsResponse");
  });

  it("a text/html answer larger than the bound fails saying so, not with a parser's complaint", async () => {
    server.reply = { status: 200, headers: { "content-type": "text/html" }, body: Buffer.alloc(MAX_CHECKED_BODY + 1, 0x20) };
    const error = await caught(server.session.client(OrganizationsClient).send(new ListAccountsCommand({})));
    expect(error?.name).toBe("NonAwsResponse");
    expect(error?.message).toBe(`HTTP 200 from Organizations ListAccounts with a body over ${MAX_CHECKED_BODY / 1024 / 1024} MiB (content-type text/html), not read further; a proxy or load balancer may have answered instead of AWS`);
  });
});

describe("errors labelled HTML stay a proxy's page", () => {
  it("a 502 text/html whose body is JSON is still not an AWS response", async () => {
    server.reply = { status: 502, headers: { "content-type": "text/html" }, body: '{"message": "Bad Gateway"}' };
    const error = await caught(server.session.client(OrganizationsClient).send(new ListAccountsCommand({})));
    expect(error?.message).toBe("HTTP 502 from Organizations ListAccounts with a body that was not an AWS response (content-type text/html); a proxy or load balancer may have answered instead of AWS");
  });
});
