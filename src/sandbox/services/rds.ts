// RDS option groups: DescribeOptionGroups with MaxRecords/Marker paging, Create and Delete.
import { ApiError, el, queryResult, unknownAction, type Reply } from "../protocols.js";
import type { OptionGroup } from "../option-groups.js";
import type { ServiceHandler, ServiceRequest } from "../state.js";
import { page } from "./paging.js";

const NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,254}$/;

/** The RDS handler. */
export const rds: ServiceHandler = (request) => {
  switch (request.action) {
    case "DescribeOptionGroups":
      return describe(request);
    case "CreateOptionGroup":
      return create(request);
    case "DeleteOptionGroup":
      return remove(request);
    default:
      throw unknownAction(request.protocol, request.action);
  }
};

function groupXml(g: OptionGroup): string {
  return el("OptionGroupName", g.name) + el("OptionGroupDescription", g.description) + el("EngineName", g.engineName) +
    el("MajorEngineVersion", g.majorEngineVersion) + "<Options/>" + el("AllowsVpcAndNonVpcInstanceMemberships", true) + el("OptionGroupArn", g.arn);
}

function notFound(name: string): ApiError {
  return new ApiError("OptionGroupNotFoundFault", `Specified OptionGroupName: ${name} not found.`, 404);
}

function describe({ params, caller, region, state }: ServiceRequest): Reply {
  const maxText = params.get("MaxRecords");
  const max = maxText === null ? 100 : Number(maxText);
  if (!Number.isInteger(max) || max < 20 || max > 100) {
    throw new ApiError("InvalidParameterValue", `Invalid value ${maxText} for MaxRecords. Must be between 20 and 100`);
  }
  let groups = state.optionGroups.list(caller.accountId, region);
  const name = params.get("OptionGroupName");
  if (name !== null) {
    groups = groups.filter((g) => g.name === name);
    if (groups.length === 0) throw notFound(name);
  }
  const engine = params.get("EngineName");
  if (engine !== null) groups = groups.filter((g) => g.engineName === engine);
  const major = params.get("MajorEngineVersion");
  if (major !== null) groups = groups.filter((g) => g.majorEngineVersion === major);
  const scope = `rds/${caller.accountId}/${region}/${name}/${engine}/${major}`;
  const result = page(groups, scope, params.get("Marker") ?? undefined, max, () => new ApiError("InvalidParameterValue", "The marker is not valid."));
  return queryResult("rds", "DescribeOptionGroups",
    `<OptionGroupsList>${result.items.map((g) => `<OptionGroup>${groupXml(g)}</OptionGroup>`).join("")}</OptionGroupsList>${el("Marker", result.next)}`);
}

function create({ params, caller, region, state }: ServiceRequest): Reply {
  const name = params.get("OptionGroupName") ?? "";
  const engine = params.get("EngineName");
  const major = params.get("MajorEngineVersion");
  const description = params.get("OptionGroupDescription");
  if (!NAME.test(name) || name.endsWith("-") || name.includes("--")) throw new ApiError("InvalidParameterValue", `The parameter OptionGroupName is not a valid identifier: ${name}`);
  if (engine === null || major === null || description === null) {
    throw new ApiError("MissingParameter", "EngineName, MajorEngineVersion and OptionGroupDescription are required.");
  }
  const groups = state.optionGroups.list(caller.accountId, region);
  if (groups.some((g) => g.name.toLowerCase() === name.toLowerCase())) throw new ApiError("OptionGroupAlreadyExistsFault", `Option Group ${name} already exists.`);
  const group = state.optionGroups.make(caller.accountId, region, name.toLowerCase(), description, engine, major);
  groups.push(group);
  return queryResult("rds", "CreateOptionGroup", `<OptionGroup>${groupXml(group)}</OptionGroup>`);
}

function remove({ params, caller, region, state }: ServiceRequest): Reply {
  const name = params.get("OptionGroupName") ?? "";
  const groups = state.optionGroups.list(caller.accountId, region);
  const index = groups.findIndex((g) => g.name.toLowerCase() === name.toLowerCase());
  if (index < 0) throw notFound(name);
  groups.splice(index, 1);
  return queryResult("rds", "DeleteOptionGroup", "");
}
