import type { SandboxOrganization } from "./types.js";

const MANAGEMENT = "100000000001";
const ROOT = "r-sf01";
const PROD = "ou-sf01-prod0001";
const DEV = "ou-sf01-devl0001";

/** Regions enabled in every account of the demo organisation (opt-in not required). */
export const DEMO_ENABLED_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];
/** Opt-in regions that no demo account has enabled. */
export const DEMO_OPT_IN_REGIONS = ["af-south-1", "ap-east-1"];

/**
 * The organisation a sandbox serves when `accounts` is omitted: a management account, six
 * members in two OUs (one suspended, one without `OrganizationAccountAccessRole`), tagged
 * `env` (`prod` / `dev`, like their OUs) and `team` (`payments` / `search`), 8 enabled
 * and 2 not-enabled opt-in regions, and a few option groups spread unevenly. A fresh copy on
 * every call, so callers may change it.
 *
 * @example
 * ```ts
 * import { demoOrganization, startSandbox } from "sessionfleet/sandbox";
 * const org = demoOrganization();
 * const sb = await startSandbox({ accounts: org.accounts.slice(0, 2), ous: org.ous });
 * await sb.close();
 * ```
 */
export function demoOrganization(): SandboxOrganization {
  const members = ["200000000001", "200000000002", "200000000003", "200000000004", "200000000005", "200000000006"];
  return {
    managementAccountId: MANAGEMENT,
    managementAccountName: "management",
    organizationId: "o-sf00000001",
    rootId: ROOT,
    ous: [
      { id: PROD, name: "Production", parentId: ROOT },
      { id: DEV, name: "Development", parentId: ROOT },
    ],
    accounts: [
      { id: "200000000001", name: "prod-web", email: "prod-web@example.com", parentId: PROD, status: "ACTIVE", tags: { env: "prod", team: "payments" } },
      { id: "200000000002", name: "prod-data", email: "prod-data@example.com", parentId: PROD, status: "ACTIVE", tags: { env: "prod", team: "search" } },
      { id: "200000000003", name: "prod-legacy", email: "prod-legacy@example.com", parentId: PROD, status: "ACTIVE", tags: { env: "prod", team: "payments" } },
      { id: "200000000004", name: "dev-web", email: "dev-web@example.com", parentId: DEV, status: "ACTIVE", tags: { env: "dev", team: "payments" } },
      { id: "200000000005", name: "dev-data", email: "dev-data@example.com", parentId: DEV, status: "ACTIVE", tags: { env: "dev", team: "search" } },
      { id: "200000000006", name: "dev-retired", email: "dev-retired@example.com", parentId: DEV, status: "SUSPENDED", tags: { env: "dev", team: "search" } },
    ],
    regions: { enabled: [...DEMO_ENABLED_REGIONS], optIn: [...DEMO_OPT_IN_REGIONS] },
    // prod-legacy (…003) has no OrganizationAccountAccessRole: AssumeRole into it is AccessDenied.
    roles: [
      ...members.filter((id) => id !== "200000000003").map((accountId) => ({ accountId, roleName: "OrganizationAccountAccessRole" })),
      { accountId: "200000000001", roleName: "AuditRole", externalId: "sandbox-external-id" },
      { accountId: "200000000002", roleName: "BreakGlassRole", mfaSerial: `arn:aws:iam::${MANAGEMENT}:mfa/sandbox-admin`, mfaCode: "123456" },
    ],
    optionGroups: {
      "200000000001": { "us-east-1": 3, "eu-west-1": 1 },
      "200000000002": { "us-east-1": 2, "us-west-2": 1 },
      "200000000003": { "us-east-1": 1 },
      "200000000004": { "ap-northeast-1": 4 },
      "200000000006": { "us-east-1": 2 },
    },
  };
}
