// The IAM Identity Center portal API and the one SSO OIDC call a CLI-cached token needs, for one
// demo user. Both are unsigned REST-JSON: the portal takes the token in `x-amz-sso_bearer_token`.
// Wire shapes from the AWS "IAM Identity Center Portal API Reference" (ListAccounts,
// ListAccountRoles, GetRoleCredentials: https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/)
// and the SDK's serializers, the final word (node_modules/@aws-sdk/client-sso/dist-cjs/index.js:
// GET /assignment/accounts, /assignment/roles, /federation/credentials; query names next_token,
// max_result, account_id, role_name; `roleCredentials` with `expiration` in epoch milliseconds;
// errors by `x-amzn-errortype` with statuses 400/401/404/429). CreateToken from the "IAM Identity
// Center OIDC API Reference" and node_modules/@aws-sdk/nested-clients/dist-cjs/submodules/sso-oidc:
// POST /token, JSON { clientId, clientSecret, grantType, refreshToken } → { accessToken, expiresIn, ... }.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Reply } from "../protocols.js";
import type { SandboxState } from "../state.js";
import type { SandboxSsoFaults } from "./types.js";
import { resolveSso, type ResolvedSso } from "./config.js";

const PORTAL_PATHS = new Set(["/assignment/accounts", "/assignment/roles", "/federation/credentials", "/logout"]);

/** True for a request to the portal or to SSO OIDC CreateToken (neither is SigV4-signed). */
export function isSsoRequest(req: IncomingMessage): boolean {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  return PORTAL_PATHS.has(path) || (req.method === "POST" && path === "/token");
}

interface Token {
  expiresAt: number;
}

/** The demo user's assignments and the tokens the portal accepts. */
export class SsoPortal {
  readonly config: ResolvedSso;
  readonly #tokens = new Map<string, Token>();
  #faults: SandboxSsoFaults;
  #throttled = 0;
  #credentialCalls = 0;
  /** Set once `unauthorizedAfter` is reached: every token refused until the faults are replaced. */
  #refusing = false;

  constructor(config: ResolvedSso) {
    this.config = config;
    this.#faults = config.faults;
    // The token `sessionfleet sandbox` prints for the cache file: valid for a day from start-up.
    this.#tokens.set(config.accessToken, { expiresAt: Date.now() + 86_400_000 });
  }

  setFaults(faults: SandboxSsoFaults | null | undefined): void {
    this.#faults = resolveSso({ faults: faults ?? {} }, this.config.accounts).faults;
    this.#throttled = 0;
    this.#credentialCalls = 0;
    this.#refusing = false;
  }

  /** Makes every token the portal knows refused (401), as after a sign-out. */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  /** Answers one portal or OIDC request. */
  answer(state: SandboxState, req: IncomingMessage, body: Buffer): Reply {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const path = url.pathname;
    const q = url.searchParams;
    const action = path === "/token" ? "CreateToken" : path === "/assignment/accounts" ? "ListAccounts" : path === "/assignment/roles" ? "ListAccountRoles" : path === "/logout" ? "Logout" : "GetRoleCredentials";
    const service = action === "CreateToken" ? "sso-oidc" : "sso";
    state.stats.request(service, action, q.get("account_id") ?? "unknown", this.config.region);
    const fail = (code: string, status: number, message: string): Reply => {
      state.stats.error(code);
      return error(code, status, message);
    };
    if (action === "CreateToken") return this.#createToken(body, fail);
    if (this.#throttled < (this.#faults.throttle ?? 0)) {
      this.#throttled++;
      state.stats.fault("throttle");
      return fail("TooManyRequestsException", 429, "Rate exceeded");
    }
    if (this.#refusing || !this.#accepts(header(req, "x-amz-sso_bearer_token"))) return fail("UnauthorizedException", 401, "Session token not found or invalid");
    if (action === "Logout") return ok({});
    if (action === "ListAccounts") {
      const accounts = [...this.config.accounts.values()].map((a) => ({ accountId: a.id, accountName: a.name, emailAddress: a.email }));
      return page(accounts, "accountList", q, this.config.pageSize, fail);
    }
    const accountId = q.get("account_id") ?? "";
    const account = this.config.accounts.get(accountId);
    if (action === "ListAccountRoles") {
      if (!account) return fail("ResourceNotFoundException", 404, "Account not found or not assigned");
      return page(account.roles.map((roleName) => ({ roleName, accountId })), "roleList", q, this.config.pageSize, fail);
    }
    const roleName = q.get("role_name") ?? "";
    if (!account || !account.roles.includes(roleName)) return fail("ForbiddenException", 403, "No access");
    const after = this.#faults.unauthorizedAfter;
    if (after !== undefined && this.#credentialCalls++ >= after) {
      this.#refusing = true;
      return fail("UnauthorizedException", 401, "Session token not found or invalid");
    }
    // A real permission set's role is AWSReservedSSO_<name>_<16 hex>; the session is the user's.
    const issued = state.credentials.issue(accountId, `AWSReservedSSO_${roleName}_0123456789abcdef`, this.config.userName, state.org.partition, state.credentialSeconds ?? 3600);
    return ok({
      roleCredentials: {
        accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken,
        expiration: issued.expiration?.getTime(),
      },
    });
  }

  #accepts(token: string | undefined): boolean {
    if (token === undefined) return false;
    for (const [known, { expiresAt }] of this.#tokens) {
      const a = Buffer.from(known);
      const b = Buffer.from(token);
      if (a.length === b.length && timingSafeEqual(a, b)) return expiresAt > Date.now();
    }
    return false;
  }

  // grantType refresh_token only: the one CreateToken the SDK's token provider makes.
  #createToken(body: Buffer, fail: (code: string, status: number, message: string) => Reply): Reply {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return fail("InvalidRequestException", 400, "The request body is not JSON");
    }
    const { clientId, clientSecret, refreshToken } = this.config;
    if (input.clientId !== clientId || input.clientSecret !== clientSecret) return fail("InvalidClientException", 401, "Invalid client");
    if (input.grantType !== "refresh_token" || input.refreshToken !== refreshToken) return fail("InvalidGrantException", 400, "Invalid grant provided");
    const accessToken = `FAKEssoTOKEN${randomBytes(24).toString("hex")}`;
    this.#tokens.set(accessToken, { expiresAt: Date.now() + this.config.tokenSeconds * 1000 });
    return ok({ accessToken, tokenType: "Bearer", expiresIn: this.config.tokenSeconds, refreshToken });
  }
}

/** One page of `items`: `max_result` caps it at the portal's own page size. */
function page(items: unknown[], key: string, q: URLSearchParams, pageSize: number, fail: (code: string, status: number, message: string) => Reply): Reply {
  const asked = q.get("max_result");
  const size = Math.min(pageSize, asked === null ? pageSize : Number(asked));
  if (!Number.isInteger(size) || size < 1) return fail("InvalidRequestException", 400, "max_result must be a positive integer");
  const start = q.get("next_token") === null ? 0 : Number.parseInt((q.get("next_token") ?? "").replace(/^page-/, ""), 10);
  if (!Number.isInteger(start) || start < 0 || start > items.length) return fail("InvalidRequestException", 400, "Invalid next_token");
  const end = start + size;
  return ok({ [key]: items.slice(start, end), ...(end < items.length && { nextToken: `page-${end}` }) });
}

function ok(body: unknown): Reply {
  return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

function error(code: string, status: number, message: string): Reply {
  return { status, headers: { "content-type": "application/json", "x-amzn-errortype": code }, body: JSON.stringify({ message }) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
