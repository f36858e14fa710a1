// Finds `@aws-sdk/client-<service>` for `call`: next to sessionfleet first, then in the current
// project (so `npm install @aws-sdk/client-x` in the user's project is enough; never a parent
// folder's node_modules, see sdk-resolve.ts), and picks the client and command classes out of
// it. Nothing is sent here; a miss is ERR_INVALID_INPUT.
import type { MetadataBearer, Pluggable } from "@smithy/types";
import { invalidInput, quote } from "../../errors.js";
import { cliOperationName, operationForCliName } from "./operation-names.js";
import { requireClientPackage } from "./sdk-resolve.js";
import { suggest } from "../args/suggest.js";

/** An SDK v3 client, as far as `session.client()` and `call` need it. */
export interface SdkClientInstance {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  middlewareStack: { use(pluggable: Pluggable<object, MetadataBearer>): void };
  destroy(): void;
}
/** An SDK v3 client class. */
export type SdkClientClass = new (config: Record<string, unknown>) => SdkClientInstance;
/** An SDK v3 command class. */
export type SdkCommandClass = new (input: Record<string, unknown>) => unknown;

/** The package's `paginate<Operation>`, for operations that have pages. */
export type SdkPaginator = (
  config: { client: SdkClientInstance; pageSize?: number; withCommand?: (command: { input?: unknown }) => unknown },
  input: Record<string, unknown>,
  ...rest: unknown[]
) => AsyncIterable<unknown>;

/** The client and command classes of one operation, and its paginator when it has one. */
export interface SdkOperation {
  packageName: string;
  /** The SDK's name of the operation (`DescribeDBInstances` for `describe-db-instances`). */
  name: string;
  Client: SdkClientClass;
  Command: SdkCommandClass;
  paginate?: SdkPaginator;
}

/** Loads the package of `service` and finds `<operation>Command` in it; `operation` may be spelled as the AWS CLI does (`describe-db-instances`). */
export async function loadOperation(service: string, operation: string, cwd: string = process.cwd()): Promise<SdkOperation> {
  const packageName = `@aws-sdk/client-${service}`;
  const exports = await loadPackage(packageName, cwd);
  const clientName = Object.keys(exports).find((name) => name !== "__Client" && name.endsWith("Client") && isClass(exports[name]));
  if (clientName === undefined) throw invalidInput("<service>", service, `the suffix of an AWS SDK v3 client package; ${packageName} has no client class`);
  // PascalCase names only: every client also re-exports smithy's base class as `$Command`.
  const operations = (): string[] => Object.keys(exports).filter((name) => /^[A-Z]\w*Command$/.test(name) && name !== "Command" && isClass(exports[name])).map((name) => name.slice(0, -"Command".length));
  // The AWS CLI's spelling (describe-db-instances) names the same operation as the SDK's.
  if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(operation)) operation = operationForCliName(operation, operations()) ?? operation;
  const Command = exports[`${operation}Command`];
  if (!isClass(Command)) {
    const known = operations();
    const kebab = operation.includes("-");
    const hint = suggest(operation, kebab ? known.map(cliOperationName) : known);
    const some = known.slice(0, 5).map((name) => (kebab ? cliOperationName(name) : name)).join(", ");
    throw invalidInput("<Operation>", operation, `an operation of ${packageName}${hint ? `; did you mean ${quote(hint)}?` : ` such as ${some}`}`);
  }
  const paginate = exports[`paginate${operation}`];
  return {
    packageName, name: operation, Client: exports[clientName] as SdkClientClass, Command: Command as SdkCommandClass,
    ...(typeof paginate === "function" && { paginate: paginate as SdkPaginator }),
  };
}

async function loadPackage(packageName: string, cwd: string): Promise<Record<string, unknown>> {
  // Only from sessionfleet's installation or the user's own project in cwd (sdk-resolve.ts).
  const exports = requireClientPackage(packageName, cwd);
  if (exports) return exports;
  throw invalidInput("<service>", packageName.slice("@aws-sdk/client-".length),
    `an installed AWS SDK v3 client: ${packageName} is not installed. Run: npm install ${packageName} (in this folder's project: a package.json here, owned by you; parent folders are never searched)`);
}

function isClass(value: unknown): value is new (...args: never[]) => unknown {
  return typeof value === "function" && value.prototype !== undefined;
}
