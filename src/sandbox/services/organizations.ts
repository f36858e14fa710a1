// Organizations (JSON 1.1): accounts, roots, children and account tags with NextToken paging (≤ 20 a page).
import { ApiError, jsonResult, unknownAction, type Reply } from "../protocols.js";
import type { AccountInfo } from "../config.js";
import type { ServiceHandler, ServiceRequest } from "../state.js";
import { page } from "./paging.js";

// A fixed join date keeps responses identical from run to run.
const JOINED = Date.UTC(2024, 0, 15) / 1000;

/** The Organizations handler: only the management account may call it. */
export const organizations: ServiceHandler = (request) => {
  const { org } = request.state;
  if (request.caller.accountId !== org.org.managementAccountId) {
    throw new ApiError("AccessDeniedException", "You don't have permissions to access this resource.");
  }
  switch (request.action) {
    case "ListAccounts":
      return listPage(request, "Accounts", [...org.accounts.values()].map((a) => accountJson(request, a)));
    case "ListAccountsForParent": {
      const parentId = parent(request);
      return listPage(request, "Accounts", [...org.accounts.values()].filter((a) => a.parentId === parentId).map((a) => accountJson(request, a)));
    }
    case "ListChildren":
      return listChildren(request);
    case "ListTagsForResource":
      return listTags(request);
    case "ListRoots": {
      const arn = `arn:${org.partition}:organizations::${org.org.managementAccountId}:root/${org.org.organizationId}/${org.org.rootId}`;
      return listPage(request, "Roots", [{ Id: org.org.rootId, Arn: arn, Name: "Root", PolicyTypes: [] }]);
    }
    default:
      throw unknownAction(request.protocol, request.action);
  }
};

function accountJson({ state }: ServiceRequest, a: AccountInfo): Record<string, unknown> {
  const { org } = state;
  return {
    Id: a.id,
    Arn: `arn:${org.partition}:organizations::${org.org.managementAccountId}:account/${org.org.organizationId}/${a.id}`,
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: a.management ? "CREATED" : "INVITED",
    JoinedTimestamp: JOINED,
  };
}

// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTagsForResource.html:
// ResourceId is an account id, an OU id, a root id or a policy id; an unknown one is
// TargetNotFoundException; no MaxResults, NextToken paging (pages of 20 here, as ListAccounts).
function listTags(request: ServiceRequest): Reply {
  const id = request.input.ResourceId;
  if (typeof id !== "string" || !/^(?:\d{12}|r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128})$/.test(id)) {
    throw new ApiError("InvalidInputException", `ResourceId is not a valid account, OU, root or policy id: ${String(id)}`);
  }
  const account = request.state.org.accounts.get(id);
  if (account === undefined && !request.state.org.parents.has(id)) {
    throw new ApiError("TargetNotFoundException", `We can't find a target with the TargetId that you specified: ${id}`);
  }
  const tags = Object.entries(account?.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const { NextToken } = request.input;
  if (NextToken !== undefined && typeof NextToken !== "string") throw new ApiError("InvalidInputException", "NextToken must be a string.");
  const result = page(tags, `organizations/ListTagsForResource/${id}`, NextToken, 20, () => new ApiError("InvalidInputException", "The NextToken is not valid."));
  return jsonResult(request.protocol, { Tags: result.items, ...(result.next !== undefined && { NextToken: result.next }) });
}

function parent(request: ServiceRequest): string {
  const parentId = request.input.ParentId;
  if (typeof parentId !== "string" || !request.state.org.parents.has(parentId)) {
    throw new ApiError("ParentNotFoundException", `We can't find a root or OU with the ParentId that you specified: ${String(parentId)}`);
  }
  return parentId;
}

function listChildren(request: ServiceRequest): Reply {
  const parentId = parent(request);
  const type = request.input.ChildType;
  const { org } = request.state;
  let children: Array<{ Id: string; Type: string }>;
  if (type === "ACCOUNT") children = [...org.accounts.values()].filter((a) => a.parentId === parentId).map((a) => ({ Id: a.id, Type: "ACCOUNT" }));
  else if (type === "ORGANIZATIONAL_UNIT") children = org.org.ous.filter((ou) => ou.parentId === parentId).map((ou) => ({ Id: ou.id, Type: "ORGANIZATIONAL_UNIT" }));
  else throw new ApiError("InvalidInputException", `ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT, not ${String(type)}.`);
  return listPage(request, "Children", children);
}

function listPage(request: ServiceRequest, key: string, items: unknown[]): Reply {
  const { MaxResults, NextToken } = request.input;
  const size = MaxResults === undefined ? 20 : Number(MaxResults);
  if (!Number.isInteger(size) || size < 1 || size > 20) throw new ApiError("InvalidInputException", "MaxResults must be between 1 and 20.");
  if (NextToken !== undefined && typeof NextToken !== "string") throw new ApiError("InvalidInputException", "NextToken must be a string.");
  const scope = `organizations/${request.action}/${JSON.stringify(request.input.ParentId)}/${JSON.stringify(request.input.ChildType)}`;
  const result = page(items, scope, NextToken, size, () => new ApiError("InvalidInputException", "The NextToken is not valid."));
  return jsonResult(request.protocol, { [key]: result.items, ...(result.next !== undefined && { NextToken: result.next }) });
}
