import type { ServiceName } from "../protocols.js";
import type { ServiceHandler } from "../state.js";
import { account } from "./account.js";
import { ec2 } from "./ec2.js";
import { organizations } from "./organizations.js";
import { rds } from "./rds.js";
import { sts } from "./sts.js";

/** The handler of each service. */
export const SERVICE_HANDLERS: Record<ServiceName, ServiceHandler> = { sts, rds, organizations, account, ec2 };
