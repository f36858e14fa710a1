// SSO options of the sandbox → the demo user's accounts and the fixed fake secrets of its login,
// validated before the server listens.
import { invalidInput } from "../../errors.js";
import { checkOptionsObject, checkPositiveInteger, checkRoleName } from "../../validate.js";
import type { SandboxSsoFaults, SandboxSsoLogin, SandboxSsoOptions } from "./types.js";

/** An account the demo user is assigned to, with its permission sets. */
export interface SsoAccount {
  id: string;
  name: string;
  email: string;
  roles: string[];
}

/** The validated SSO options. */
export interface ResolvedSso extends SandboxSsoLogin {
  accounts: Map<string, SsoAccount>;
  pageSize: number;
  tokenSeconds: number;
  faults: SandboxSsoFaults;
  userName: string;
}

/**
 * The demo's assignments: the management account and four members, one of them (dev-web) with
 * PowerUserAccess only, so a run for ReadOnlyAccess leaves it out; the suspended account and
 * prod-legacy have none, so the portal does not list them.
 */
export function demoAssignments(managementAccountId: string): Record<string, string[]> {
  return {
    [managementAccountId]: ["AdministratorAccess", "ReadOnlyAccess"],
    "200000000001": ["ReadOnlyAccess", "AdministratorAccess"],
    "200000000002": ["ReadOnlyAccess"],
    "200000000004": ["PowerUserAccess"],
    "200000000005": ["ReadOnlyAccess", "PowerUserAccess"],
  };
}

/** Validates `options` against the organisation's accounts. */
export function resolveSso(options: SandboxSsoOptions | undefined, accounts: ReadonlyMap<string, { id: string; name: string; email: string }>, managementAccountId?: string, region = "us-east-1"): ResolvedSso {
  const o = checkOptionsObject(options ?? {}, "sso", ["assignments", "pageSize", "tokenSeconds", "faults"]);
  const assignments = o.assignments ?? (managementAccountId === undefined ? {} : demoAssignments(managementAccountId));
  const resolved = new Map<string, SsoAccount>();
  for (const [id, roles] of Object.entries(checkOptionsObject(assignments, "sso.assignments", Object.keys(assignments as object)))) {
    const account = accounts.get(id);
    // Unknown ids are skipped for the demo's own table (custom organisations lack its members).
    if (!account) {
      if (o.assignments === undefined) continue;
      throw invalidInput(`sso.assignments.${id}`, id, "an account id of the sandbox organisation");
    }
    if (!Array.isArray(roles) || roles.length === 0) throw invalidInput(`sso.assignments.${id}`, roles, "a non-empty array of permission set names");
    resolved.set(id, { id, name: account.name, email: account.email, roles: roles.map((r: unknown, i) => checkRoleName(r, `sso.assignments.${id}[${i}]`)) });
  }
  const f = checkOptionsObject(o.faults ?? {}, "sso.faults", ["throttle", "unauthorizedAfter"]);
  const count = (v: unknown, option: string): number | undefined => (v === undefined ? undefined : v === 0 ? 0 : checkPositiveInteger(v, option));
  const throttle = count(f.throttle, "sso.faults.throttle");
  const unauthorizedAfter = count(f.unauthorizedAfter, "sso.faults.unauthorizedAfter");
  return {
    accounts: resolved,
    pageSize: o.pageSize === undefined ? 20 : checkPositiveInteger(o.pageSize, "sso.pageSize"),
    tokenSeconds: o.tokenSeconds === undefined ? 28_800 : checkPositiveInteger(o.tokenSeconds, "sso.tokenSeconds"),
    faults: { ...(throttle !== undefined && { throttle }), ...(unauthorizedAfter !== undefined && { unauthorizedAfter }) },
    userName: "sandbox-user@example.com",
    sessionName: "sessionfleet-sandbox",
    startUrl: "https://sandbox.awsapps.com/start",
    region,
    // Fixed fakes, printed by `sessionfleet sandbox` on purpose, like the admin keys.
    accessToken: "FAKEssoSANDBOXaccessTOKENnotREAL",
    refreshToken: "FAKEssoSANDBOXrefreshTOKENnotREAL",
    clientId: "FAKEssoSANDBOXclientID",
    clientSecret: "FAKEssoSANDBOXclientSECRET",
  };
}
