// Public functions whose modules load when first called, not when sessionfleet is imported
// (issue 23: `import("sessionfleet")` ≤ 0.6× `import("@aws-sdk/client-sts")`; these five bring
// 11 of the package's 68 modules, with the organization, IAM Identity Center and accounts-file
// code). Each is async already, so loading first changes nothing a caller can see but the import's
// cost. Their documentation is here, on what users import.
import type * as AccountsFile from "./fanout/accounts/file.js";
import type * as Organization from "./fanout/discovery/organization.js";
import type * as Regions from "./fanout/discovery/regions.js";
import type * as Selection from "./fanout/accounts/selection.js";
import type * as SsoAccounts from "./fanout/accounts/sso-accounts.js";

/**
 * Reads an accounts file: c7n-org's `accounts.yml` unchanged (`accounts: [{ account_id, name,
 * role, regions, tags: ["key:value"], external_id, vars }]`), the same shape as `.json`, or a
 * `.csv` whose header names its columns (`account_id,name,role,regions,tags`; several regions
 * or tags in one cell are separated by `;` or spaces). Each entry's `role` and `regions`
 * override the run's. c7n-org keys sessionfleet has no use for (`email`, `display_name`,
 * `org_id`) are ignored; a per-account `profile` without a `role`, and role chains of more than
 * one role, are refused rather than run with other credentials.
 *
 * @example
 * ```ts
 * const report = await fanOut({ session: base, accounts: await loadAccountsFile("accounts.yml"), roles: "Audit" }, task);
 * ```
 */
export const loadAccountsFile: typeof AccountsFile.loadAccountsFile = async (...args) => (await import("./fanout/accounts/file.js")).loadAccountsFile(...args);

/**
 * The accounts a fan-out with these `accounts` would run in — kept, left out (and by which
 * rule), and those whose tag lookup failed — without running anything. Tags are looked up
 * (Organizations ListTagsForResource) only when a `tags` rule asks for them.
 *
 * @example
 * ```ts
 * const { accounts, leftOut } = await selectAccounts(base, { organization: { tags: { env: "prod" } } });
 * console.log(accounts.map((a) => `${a.accountId} ${a.name ?? ""}`), leftOut.length);
 * ```
 */
export const selectAccounts: typeof Selection.selectAccounts = async (...args) => (await import("./fanout/accounts/selection.js")).selectAccounts(...args);

/**
 * Every account the session's IAM Identity Center sign-in reaches (sorted by id), with the
 * permission sets the user has in each. The session's profile must be an SSO profile
 * (`sso_session`, or the legacy `sso_start_url`) signed in with `aws sso login`: only the token
 * the AWS CLI cached is used (refreshed through SSO OIDC when it can be), never the profile's
 * own role credentials. A token that is missing or expired without a refresh rejects with
 * `ERR_NO_CREDENTIALS` saying which `aws sso login` to run.
 *
 * @example
 * ```ts
 * const session = new CredentialSession({ profile: "sso-dev" });
 * for (const a of await listSsoAccounts(session)) console.log(a.accountId, a.accountName, a.roles.join(","));
 * ```
 */
export const listSsoAccounts: typeof SsoAccounts.listSsoAccounts = async (...args) => (await import("./fanout/accounts/sso-accounts.js")).listSsoAccounts(...args);

/**
 * Accounts of the organization (sorted by id), through Organizations `ListAccounts`, or with
 * `ous` through `ListAccountsForParent` and `ListChildren`, recursively. Call it with the
 * management (or delegated administrator) account's session. `names` and `tags` narrow the
 * list (tags cost one ListTagsForResource per account; a failed one rejects with ERR_DISCOVERY);
 * `withTags: true` returns every kept account's tags.
 *
 * @example
 * ```ts
 * const accounts = await listOrganizationAccounts(base, { ous: ["ou-abcd-12345678"] });
 * console.log(accounts.map((a) => a.accountId));
 * const prod = await listOrganizationAccounts(base, { tags: { env: "prod" }, names: ["prod-*"], withTags: true });
 * console.log(prod.map((a) => `${a.name}: ${a.tags?.team}`));
 * ```
 */
export const listOrganizationAccounts: typeof Organization.listOrganizationAccounts = async (...args) => (await import("./fanout/discovery/organization.js")).listOrganizationAccounts(...args);

/**
 * Regions of the session's account, sorted: Account `ListRegions`, or EC2 `DescribeRegions`
 * when the Account API is refused (`AccessDenied`) or not implemented (an unknown operation, an
 * HTTP 404 or 501); throttling and timeouts are not a reason to ask EC2 (the SDK retries them, then the
 * listing fails). Regions outside the partition of the session's region are dropped, with one
 * `SESSIONFLEET_FOREIGN_REGIONS` process warning naming them.
 *
 * @example
 * ```ts
 * const regions = await listRegions(session, { include: "enabled" });
 * console.log(regions.map((r) => r.region));
 * ```
 */
export const listRegions: typeof Regions.listRegions = async (...args) => (await import("./fanout/discovery/regions.js")).listRegions(...args);
