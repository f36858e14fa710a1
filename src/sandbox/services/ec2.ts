// EC2 (ec2Query): DescribeRegions with opt-in status, enabled regions unless AllRegions=true.
import { dnsSuffixOf } from "../../partitions.js";
import { ApiError, ec2Result, el, unknownAction } from "../protocols.js";
import type { ServiceHandler } from "../state.js";
import { regionStates } from "./regions.js";

const STATUS = { default: "opt-in-not-required", "opted-in": "opted-in", "not-opted-in": "not-opted-in" } as const;

/** The EC2 handler. */
export const ec2: ServiceHandler = (request) => {
  if (request.action !== "DescribeRegions") throw unknownAction(request.protocol, request.action);
  const { params, caller, state } = request;
  const account = state.org.accounts.get(caller.accountId);
  if (account === undefined) throw new ApiError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
  const all = params.get("AllRegions") === "true";
  const names = [...params.entries()].filter(([k]) => /^RegionName\.\d+$/.test(k)).map(([, v]) => v);
  let regions = regionStates(state.org, account).filter((r) => all || names.length > 0 || r.state !== "not-opted-in");
  if (names.length > 0) {
    const unknown = names.find((n) => !regions.some((r) => r.region === n));
    if (unknown !== undefined) throw new ApiError("InvalidParameterValue", `Invalid region: ${unknown}`);
    regions = regions.filter((r) => names.includes(r.region));
  }
  const items = regions.map((r) => `<item>${el("regionName", r.region)}${el("regionEndpoint", `ec2.${r.region}.${dnsSuffixOf(r.region)}`)}${el("optInStatus", STATUS[r.state])}</item>`);
  return ec2Result("DescribeRegions", `<regionInfo>${items.join("")}</regionInfo>`);
};
