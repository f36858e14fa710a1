// The task of `sessionfleet call`, as a module for `--workers`. Its parameters travel in its own
// URL (`call.js?service=…&operation=…&input=…`): each worker imports that URL and reads them.
import type { TaskContext } from "../../fanout/types.js";
import { loadOperation, type SdkOperation } from "../sdk-module.js";

const params = new URL(import.meta.url).searchParams;
let operation: Promise<SdkOperation> | undefined;

/** The module URL of a `call` task with these parameters. */
export function callTaskUrl(service: string, name: string, input: Record<string, unknown>): URL {
  return new URL(`./call.js?${new URLSearchParams({ service, operation: name, input: JSON.stringify(input) }).toString()}`, import.meta.url);
}

/** Sends the operation in the target; its output without `$metadata`. */
export async function callOperation({ Client, Command }: SdkOperation, input: Record<string, unknown>, { session, signal }: TaskContext): Promise<Record<string, unknown>> {
  const out = (await session.client(Client).send(new Command(input), { abortSignal: signal })) as Record<string, unknown>;
  const { $metadata: _metadata, ...rest } = out;
  return rest;
}

/** The task, with the parameters of this module's URL. */
export default async function call(context: TaskContext): Promise<Record<string, unknown>> {
  operation ??= loadOperation(params.get("service") ?? "", params.get("operation") ?? "");
  return callOperation(await operation, JSON.parse(params.get("input") ?? "{}") as Record<string, unknown>, context);
}
