// Public shapes of the sandbox's IAM Identity Center portal (kept type-only, like types.ts).

/** Portal faults for tests; counted from start-up or from the last `setSsoFaults`. */
export interface SandboxSsoFaults {
  /** The first N portal requests answer 429 TooManyRequestsException. */
  throttle?: number;
  /** After N GetRoleCredentials answers every token is refused (401 UnauthorizedException), as after a sign-out mid-run. */
  unauthorizedAfter?: number;
}

/** The demo SSO user of the sandbox: which permission sets it has in which accounts. */
export interface SandboxSsoOptions {
  /** Permission set names per account id (accounts of the organisation). Default: the demo's. */
  assignments?: Record<string, string[]>;
  /** Most items per ListAccounts / ListAccountRoles page (a smaller max_result is honoured). Default 20. */
  pageSize?: number;
  /** Lifetime of the access tokens SSO OIDC CreateToken issues on refresh. Default 28800 (8 hours). */
  tokenSeconds?: number;
  faults?: SandboxSsoFaults;
}

/** What a client needs to sign in to the sandbox's portal: the lines of ~/.aws/config and the token cache. */
export interface SandboxSsoLogin {
  /** The `sso-session` name the printed config uses ("sessionfleet-sandbox": unlikely to be a real one whose cache it would overwrite). */
  sessionName: string;
  startUrl: string;
  /** `sso_region`: the first enabled region. */
  region: string;
  /** A token the portal accepts for a day from start-up. */
  accessToken: string;
  /** Accepted by CreateToken (grantType refresh_token) with `clientId` and `clientSecret`. */
  refreshToken: string;
  clientId: string;
  clientSecret: string;
}
