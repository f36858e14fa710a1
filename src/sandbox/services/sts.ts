// STS: AssumeRole with the checks a role's trust policy makes, and GetCallerIdentity.
import { ApiError, el, queryResult, unknownAction, type Reply } from "../protocols.js";
import type { ServiceRequest, ServiceHandler } from "../state.js";

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/**
 * Role chaining: AssumeRole called with the credentials of a role session. STS then fails any
 * DurationSeconds over one hour (it does not clamp). AWS: STS API Reference, AssumeRole,
 * "DurationSeconds" ("if you assume a role using role chaining and provide a DurationSeconds
 * parameter value greater than one hour, the operation fails"); the error is HTTP 400
 * ValidationError with this message (AWS re:Post knowledge center, "iam-role-chaining-limit").
 */
const ROLE_CHAINING_MAX_SECONDS = 3600;
const ROLE_CHAINING_MESSAGE = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";

/** The STS handler. */
export const sts: ServiceHandler = (request) => {
  switch (request.action) {
    case "AssumeRole":
      return assumeRole(request);
    case "GetCallerIdentity": {
      const { caller } = request;
      return queryResult("sts", "GetCallerIdentity", el("UserId", caller.userId) + el("Account", caller.accountId) + el("Arn", caller.arn));
    }
    default:
      throw unknownAction(request.protocol, request.action);
  }
};

function accessDenied(request: ServiceRequest, roleArn: string): ApiError {
  return new ApiError("AccessDenied", `User: ${request.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

function assumeRole(request: ServiceRequest): Reply {
  const { params, state, caller } = request;
  const roleArn = params.get("RoleArn") ?? "";
  const sessionName = params.get("RoleSessionName") ?? "";
  const match = ROLE_ARN.exec(roleArn);
  if (!match || roleArn.length < 20) throw new ApiError("ValidationError", `${JSON.stringify(roleArn)} is not a valid role ARN.`);
  if (!SESSION_NAME.test(sessionName)) {
    throw new ApiError("ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and length 2-64");
  }
  const durationText = params.get("DurationSeconds");
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    throw new ApiError("ValidationError", `1 validation error detected: Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
  // The sandbox issued the caller's key through AssumeRole (only issued keys carry an expiration).
  if (caller.expiration !== undefined && duration > ROLE_CHAINING_MAX_SECONDS) throw new ApiError("ValidationError", ROLE_CHAINING_MESSAGE);
  const [, partition, accountId, roleName] = match as unknown as [string, string, string, string];
  const account = state.org.accounts.get(accountId);
  const role = state.org.org.roles.find((r) => r.accountId === accountId && r.roleName === roleName);
  if (partition !== state.org.partition || account === undefined || account.status !== "ACTIVE" || role === undefined) throw accessDenied(request, roleArn);
  if (role.trustedAccounts !== undefined && !role.trustedAccounts.includes(caller.accountId)) throw accessDenied(request, roleArn);
  if (role.externalId !== undefined && params.get("ExternalId") !== role.externalId) throw accessDenied(request, roleArn);
  if (role.mfaSerial !== undefined && (params.get("SerialNumber") !== role.mfaSerial || params.get("TokenCode") !== role.mfaCode)) {
    throw accessDenied(request, roleArn);
  }
  const seconds = state.credentialSeconds ?? duration;
  const issued = state.credentials.issue(accountId, roleName, sessionName, state.org.partition, seconds);
  const credentials = el("AccessKeyId", issued.accessKeyId) + el("SecretAccessKey", issued.secretAccessKey) +
    el("SessionToken", issued.sessionToken) + el("Expiration", reportedExpiration(issued.expiration, state.clockSkewSeconds));
  const user = el("AssumedRoleId", issued.userId) + el("Arn", issued.arn);
  return queryResult("sts", "AssumeRole", `<Credentials>${credentials}</Credentials><AssumedRoleUser>${user}</AssumedRoleUser><PackedPolicySize>0</PackedPolicySize>`);
}

/** The Expiration as the sandbox's (possibly skewed) clock reports it; whole seconds, as AWS does. */
function reportedExpiration(expiration: Date | undefined, skewSeconds: number): string | undefined {
  if (expiration === undefined) return undefined;
  return new Date(expiration.getTime() + skewSeconds * 1000).toISOString().replace(".000Z", "Z");
}
