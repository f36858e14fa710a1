// The STS AssumeRole source of a child session. STS is reached through the parent session's own
// (cached, pooled, mockable) STSClient; the SDK's fromTemporaryCredentials is not used because it
// caches nothing and builds an internal STS client nobody can share or mock.
import type { AwsCredentialIdentity } from "@smithy/types";
import type { STSClient } from "@aws-sdk/client-sts";
import { FleetError } from "../errors.js";
import type { NormalizedAssumeRole } from "./assume-role-options.js";
import type { CredentialSource } from "./sources.js";

export interface AssumedIdentity extends AwsCredentialIdentity {
  accountId?: string;
}

export function resolveAssumeRoleCredentials(
  options: NormalizedAssumeRole,
  stsClient: () => Promise<STSClient>,
  region: () => string | undefined,
): CredentialSource {
  return {
    label: "assume-role",
    async load(): Promise<AssumedIdentity> {
      const { AssumeRoleCommand } = await import("@aws-sdk/client-sts");
      const sts = await stsClient();
      const context = { roleArn: options.roleArn, accountId: options.accountId, region: options.stsRegion ?? region(), stage: "assume-role" as const };
      let tokenCode: string | undefined;
      try {
        tokenCode = options.tokenCode ? await options.tokenCode() : undefined;
      } catch (error) {
        throw new FleetError("ERR_ASSUME_ROLE", `AssumeRole ${options.roleArn}: the MFA tokenCode function failed`, { ...context, cause: error });
      }
      try {
        const { Credentials: issued } = await sts.send(
          new AssumeRoleCommand({
            RoleArn: options.roleArn,
            RoleSessionName: options.sessionName,
            ExternalId: options.externalId,
            DurationSeconds: options.durationSeconds,
            Policy: options.policy,
            PolicyArns: options.policyArns?.map((arn) => ({ arn })),
            Tags: options.tags,
            TransitiveTagKeys: options.transitiveTagKeys,
            SourceIdentity: options.sourceIdentity,
            SerialNumber: options.serialNumber,
            TokenCode: tokenCode,
          }),
        );
        if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error("STS answered without credentials");
        return {
          accessKeyId: issued.AccessKeyId,
          secretAccessKey: issued.SecretAccessKey,
          ...(issued.SessionToken !== undefined && { sessionToken: issued.SessionToken }),
          ...(issued.Expiration !== undefined && { expiration: issued.Expiration }),
          accountId: options.accountId,
        };
      } catch (error) {
        if (error instanceof FleetError) throw error;
        const name = error instanceof Error ? error.name : "Error";
        const message = error instanceof Error ? error.message : String(error);
        throw new FleetError("ERR_ASSUME_ROLE", `AssumeRole ${options.roleArn} failed: ${name}: ${message}`, { ...context, cause: error });
      }
    },
  };
}
