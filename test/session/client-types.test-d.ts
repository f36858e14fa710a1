// session.client() takes any AWS SDK v3 client class and gives back that class's instance type.
// SSOClient is the case that broke: every one of its inputs requires `accessToken`, so its middleware
// stack's type is narrower than a stack of `object` inputs, and a `ClientClass` that demanded
// `use(Pluggable<object, …>)` refused it (users needed `as unknown as` casts).
import { AccountClient } from "@aws-sdk/client-account";
import { EC2Client } from "@aws-sdk/client-ec2";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { RDSClient } from "@aws-sdk/client-rds";
import { SSOClient } from "@aws-sdk/client-sso";
import { STSClient } from "@aws-sdk/client-sts";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expectTypeOf, it } from "vitest";
import type { CredentialSession } from "../../src/session.js";

declare const session: CredentialSession;

describe("session.client types", () => {
  it("returns the instance type of any SDK client class, SSOClient included", () => {
    expectTypeOf(session.client(SSOClient)).toEqualTypeOf<SSOClient>();
    expectTypeOf(session.client(SSOClient, { region: "eu-west-1" })).toEqualTypeOf<SSOClient>();
    expectTypeOf(session.client(RDSClient)).toEqualTypeOf<RDSClient>();
    expectTypeOf(session.client(STSClient, { maxAttempts: 2 })).toEqualTypeOf<STSClient>();
    expectTypeOf(session.client(DynamoDBClient)).toEqualTypeOf<DynamoDBClient>();
    expectTypeOf(session.client(AccountClient)).toEqualTypeOf<AccountClient>();
    expectTypeOf(session.client(EC2Client)).toEqualTypeOf<EC2Client>();
    expectTypeOf(session.client(KMSClient)).toEqualTypeOf<KMSClient>();
    expectTypeOf(session.client(OrganizationsClient)).toEqualTypeOf<OrganizationsClient>();
  });

  it("still refuses what is not a client class", () => {
    // @ts-expect-error a plain class without a middleware stack is not an SDK client
    session.client(class NotAClient {});
  });
});
