// Account (REST JSON): ListRegions with opt-in status, for the caller or (management) a member.
import { ApiError, jsonResult, unknownAction } from "../protocols.js";
import type { ServiceHandler } from "../state.js";
import { page } from "./paging.js";
import { regionStates } from "./regions.js";

const STATUS = { default: "ENABLED_BY_DEFAULT", "opted-in": "ENABLED", "not-opted-in": "DISABLED" } as const;

/** The Account handler. */
export const account: ServiceHandler = (request) => {
  if (request.action !== "ListRegions") throw unknownAction(request.protocol, request.action);
  const { input, caller, state } = request;
  const accountId = input.AccountId === undefined ? caller.accountId : String(input.AccountId);
  if (accountId !== caller.accountId && caller.accountId !== state.org.org.managementAccountId) {
    throw new ApiError("AccessDeniedException", "You don't have permissions to access this resource.", 403);
  }
  const target = state.org.accounts.get(accountId);
  if (target === undefined) throw new ApiError("AccessDeniedException", `The account ${accountId} is not a member of your organization.`, 403);
  const wanted = input.RegionOptStatusContains;
  if (wanted !== undefined && !Array.isArray(wanted)) throw new ApiError("ValidationException", "RegionOptStatusContains must be a list.", 400);
  const regions = regionStates(state.org, target)
    .map(({ region, state: s }) => ({ RegionName: region, RegionOptStatus: STATUS[s] }))
    .filter((r) => wanted === undefined || (wanted as unknown[]).includes(r.RegionOptStatus));
  const size = input.MaxResults === undefined ? 50 : Number(input.MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > 50) throw new ApiError("ValidationException", "MaxResults must be between 1 and 50.", 400);
  const token = input.NextToken === undefined ? undefined : String(input.NextToken);
  const result = page(regions, `account/${accountId}/${JSON.stringify(wanted)}`, token, size, () => new ApiError("ValidationException", "The NextToken is not valid.", 400));
  return jsonResult(request.protocol, { Regions: result.items, ...(result.next !== undefined && { NextToken: result.next }) });
};
