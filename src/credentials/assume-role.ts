// The STS AssumeRole source of a child session. STS is reached through the parent session's own
// (cached, pooled, mockable) STSClient; the SDK's fromTemporaryCredentials is not used because it
// caches nothing and builds an internal STS client nobody can share or mock.
import type { AssumeRoleCommand, AssumeRoleCommandOutput, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { detachRawResponse, FleetError, messageOf } from "../errors.js";
import type { NormalizedAssumeRole } from "./assume-role-options.js";
import { checkChainedDuration, markAssumed, roleSessionOf } from "./role-chaining.js";
import type { CredentialSource } from "./sources.js";
import { keepIssuedFromLogger, scrubCredentials, scrubError } from "./redact.js";
import { sdkRequire } from "../sdk-require.js";
import type * as Sts from "@aws-sdk/client-sts";

export interface AssumedIdentity extends AwsCredentialIdentity {
  accountId?: string;
  /** STS's AssumedRoleUser (no secret), kept for credential stores. */
  assumedRoleUser?: { arn: string; assumedRoleId: string };
}

export function resolveAssumeRoleCredentials(
  options: NormalizedAssumeRole,
  stsClient: () => Promise<STSClient>,
  region: () => string | undefined,
  /** Aborted when the session closes: nobody is left to use the credentials. */
  closing: () => AbortSignal,
  /** The parent session's credentials (those that sign the AssumeRole). */
  parentCredentials: () => Promise<AwsCredentialIdentity>,
): CredentialSource {
  return {
    label: "assume-role",
    async load(): Promise<AssumedIdentity> {
      // Taken before the first await: a close() during the awaits below must abort this call.
      const abortSignal = closing();
      const { AssumeRoleCommand } = sdkRequire("@aws-sdk/client-sts") as typeof Sts;
      const sts = await stsClient();
      const context = { roleArn: options.roleArn, accountId: options.accountId, region: options.stsRegion ?? region(), stage: "assume-role" as const };
      let tokenCode: string | undefined;
      try {
        tokenCode = options.tokenCode ? await options.tokenCode() : undefined;
      } catch (error) {
        throw new FleetError("ERR_ASSUME_ROLE", `AssumeRole ${options.roleArn}: the MFA tokenCode function failed`, { ...context, cause: error });
      }
      try {
        // A parent with role credentials makes this a role chain: over one hour, STS would fail.
        if (options.durationSeconds !== undefined) {
          const from = roleSessionOf(await parentCredentials());
          if (from !== undefined) checkChainedDuration(options.durationSeconds, `from ${from}`);
        }
        const command = new AssumeRoleCommand({
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
        });
        const { issued, user } = await sendHidingIssuedCredentials(sts, command, abortSignal);
        if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error("STS answered without credentials");
        return markAssumed({
          accessKeyId: issued.AccessKeyId,
          secretAccessKey: issued.SecretAccessKey,
          ...(issued.SessionToken !== undefined && { sessionToken: issued.SessionToken }),
          ...(issued.Expiration !== undefined && { expiration: issued.Expiration }),
          accountId: options.accountId,
          ...(user?.Arn !== undefined && user.AssumedRoleId !== undefined && { assumedRoleUser: { arn: user.Arn, assumedRoleId: user.AssumedRoleId } }),
        });
      } catch (error) {
        if (error instanceof FleetError) throw error;
        // Cleaned first: a message built from the raw SDK error could quote an unparsed body,
        // and the server's words could quote what it was sent (the caller's session token).
        const signer = await parentCredentials().catch(() => undefined);
        const cause = scrubError(detachRawResponse(error), signer);
        const name = cause instanceof Error ? cause.name : "Error";
        throw new FleetError("ERR_ASSUME_ROLE", scrubCredentials(`AssumeRole ${options.roleArn} failed: ${name}: ${messageOf(cause)}`, signer), { ...context, cause });
      }
    },
  };
}

type Issued = NonNullable<AssumeRoleCommandOutput["Credentials"]>;

// The credentials come only from keepIssuedFromLogger: the output the stack returns is the hidden copy.
async function sendHidingIssuedCredentials(sts: STSClient, command: AssumeRoleCommand, abortSignal: AbortSignal): Promise<{ issued: Issued | undefined; user: AssumeRoleCommandOutput["AssumedRoleUser"] }> {
  const issued = keepIssuedFromLogger<Issued>(command, "Credentials", ["AccessKeyId", "SecretAccessKey", "SessionToken"]);
  const output = await sts.send(command, { abortSignal });
  return { issued: issued(), user: output.AssumedRoleUser };
}
