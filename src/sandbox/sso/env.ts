// What `aws sso login` would leave behind for the sandbox's IAM Identity Center: the config
// lines (an [sso-session] and a profile, as `aws configure sso` writes them) and the token cache
// file (~/.aws/sso/cache/<sha1 of the session name>.json, the name getSSOTokenFilepath in
// @smithy/core/config computes and the fields the AWS CLI and the SDK's token provider read).
import { createHash } from "node:crypto";
import type { Sandbox } from "../types.js";

/** The config text, the cache file's name and its JSON, for a profile called `profile`. */
export function sandboxSsoLogin(sb: Sandbox, profile = "sandbox-sso", now = Date.now()): { config: string; cacheFileName: string; cache: string } {
  const { sso } = sb;
  const config = `[profile ${profile}]\nsso_session = ${sso.sessionName}\nsso_account_id = ${sb.managementAccountId}\nsso_role_name = ReadOnlyAccess\nregion = ${sso.region}\n\n`
    + `[sso-session ${sso.sessionName}]\nsso_start_url = ${sso.startUrl}\nsso_region = ${sso.region}\nsso_registration_scopes = sso:account:access\n`;
  const cache = JSON.stringify({
    startUrl: sso.startUrl, region: sso.region, accessToken: sso.accessToken,
    // The sandbox accepts its token for a day; an hour keeps the printed line honest after restarts.
    expiresAt: new Date(now + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    clientId: sso.clientId, clientSecret: sso.clientSecret, refreshToken: sso.refreshToken,
    registrationExpiresAt: new Date(now + 90 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  return { config, cacheFileName: `${createHash("sha1").update(sso.sessionName).digest("hex")}.json`, cache };
}

/**
 * Shell lines that sign a scratch config in to the sandbox's IAM Identity Center (they write
 * the config to $SANDBOX_SSO_DIR and the token to ~/.aws/sso/cache, as `aws sso login` does).
 */
export function formatSandboxSsoLines(sb: Sandbox): string {
  const { config, cacheFileName, cache } = sandboxSsoLogin(sb);
  return [
    "# IAM Identity Center (SSO): the sandbox's portal signs in a demo user with permission sets in 5 accounts.",
    "# These lines write what `aws configure sso` and `aws sso login` would (a scratch config, the token cache):",
    "#   export SANDBOX_SSO_DIR=$(mktemp -d) AWS_CONFIG_FILE=$SANDBOX_SSO_DIR/config",
    `#   printf '${config.replace(/\n/g, "\\n")}' > "$AWS_CONFIG_FILE"`,
    `#   mkdir -p ~/.aws/sso/cache && printf '%s' '${cache}' > ~/.aws/sso/cache/${cacheFileName}`,
    "#   sessionfleet accounts --accounts sso --profile sandbox-sso",
    "#   sessionfleet whoami --accounts sso --role ReadOnlyAccess --profile sandbox-sso",
    "",
  ].join("\n");
}
