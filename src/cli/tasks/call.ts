// The task of `sessionfleet call`, as a module for `--workers`. Its parameters travel in its own
// URL (`call.js?p=<JSON>`): each worker imports that URL and reads them.
import type { TaskContext } from "../../fanout/types.js";
import { callWithPages, type CallPaging } from "../call/pages.js";
import { applyQuery } from "../call/query.js";
import { loadOperation, type SdkOperation } from "../call/sdk-module.js";

/** What a `call` target does: the operation, its input, paging and an optional (checked) query. */
export interface CallParams {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  paging: CallPaging;
  query?: string;
}

/** The module URL of a `call` task with these parameters. */
export function callTaskUrl(params: CallParams): URL {
  return new URL(`./call.js?${new URLSearchParams({ p: JSON.stringify(params) }).toString()}`, import.meta.url);
}

/** Sends the operation in the target (every page, unless paging says otherwise), then applies the query. */
export async function callTarget(operation: SdkOperation, params: CallParams, { session, signal }: TaskContext): Promise<unknown> {
  const out = await callWithPages(operation, session.client(operation.Client), params.input, params.paging, signal);
  return params.query === undefined ? out : applyQuery(out, params.query);
}

const encoded = new URL(import.meta.url).searchParams.get("p");
const params = encoded === null ? undefined : (JSON.parse(encoded) as CallParams);
let loaded: Promise<SdkOperation> | undefined;

/** The task, with the parameters of this module's URL. */
export default async function call(context: TaskContext): Promise<unknown> {
  if (params === undefined) throw new Error("call task module imported without its parameters");
  loaded ??= loadOperation(params.service, params.operation);
  return callTarget(await loaded, params, context);
}
