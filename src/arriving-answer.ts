// An answer that is still arriving when the SDK gets it (its headers are in, its body is not):
// bounded in time, and named when it is cut off. A small answer arrives with its headers (Node's
// HTTP parser reads the whole packet before the response is handed on), so for most answers the
// cost of all this is one property read.
//
// Bounded: a server that sends its headers and then a byte now and then is never silent, so the
// socket timeout (ConnectionPool socketTimeoutMs) never fires, and the SDK, which reads such an
// answer whole before it parses it, would wait for the rest for ever. An answer still arriving `ms`
// after its headers is cut off with a TimeoutError, which the SDK retries like any timeout
// (@smithy/core/retry isTransientError: TRANSIENT_ERROR_CODES has "TimeoutError"). Which answers:
// every answer of an RPC protocol (the SDK reads them whole), and a REST answer (restJson1,
// restXml: the SSO portal, S3's listings) whose operation's output has no streaming member in the
// command's schema (@smithy/core/schema NormalizedSchema.isStreaming: a streaming blob such as S3
// GetObject's Body, or an event stream), so the SDK reads it whole too. A stream is the caller's to
// read at its own pace, and without a schema to say (a client from an SDK without schemas) a REST
// answer is left alone.
//
// Named: Node ends a body cut off mid-way (the connection closed before its Content-Length, or
// before the last chunk) with an error whose whole message is "aborted", code ECONNRESET (Node's
// _http_client socketCloseListener). Its message is made to say what happened; its code is kept,
// so the SDK still retries it and it is still kind network.
import type { HandlerExecutionContext } from "@smithy/types";
import type * as SchemaModule from "@smithy/core/schema";
import { sdkRequire } from "./sdk-require.js";

interface NodeBody {
  complete?: boolean;
  destroyed?: boolean;
  errored?: unknown;
  destroy(error: Error): void;
  once(event: "close", listener: () => void): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
}

/**
 * Watches `body` (a Node IncomingMessage) if it is still arriving: cut off after `ms` (0: never)
 * unless `mayStream` (asked only then) says it may be a stream, and named if the connection cuts it
 * off. `what` names the call ("STS GetCallerIdentity"); `status` is the answer's HTTP status.
 */
export function watchArrivingAnswer(body: unknown, status: number, ms: number, what: () => string, mayStream?: () => boolean): void {
  const message = body as NodeBody | undefined;
  if (message?.complete !== false || typeof message.destroy !== "function" || typeof message.once !== "function") return;
  const name = (error: unknown): void => {
    if (error instanceof Error && (error as { code?: unknown }).code === "ECONNRESET" && error.message === "aborted") {
      error.message = `${what()}: the connection closed before the whole answer arrived (HTTP ${status}; Node: aborted); a server or proxy cut it off`;
    }
  };
  // Cut off already (the SDK's middleware runs a few turns after the headers came): the SDK's
  // reader will reject with the body's `errored`.
  if (message.destroyed) return name(message.errored);
  // Listeners run in the order they were added: this one before the SDK's reader rejects with the error.
  message.once("error", name);
  if (ms <= 0 || mayStream?.()) return;
  const timer = setTimeout(() => {
    const error = Object.assign(new Error(`${what()}: the answer was still arriving ${ms} ms after its headers (a server or proxy trickling it in); cut off`), { name: "TimeoutError", code: "ETIMEDOUT" });
    message.destroy(error);
  }, ms);
  timer.unref();
  // An IncomingMessage closes once it has ended (autoDestroy) or was destroyed.
  message.once("close", () => clearTimeout(timer));
}

/** Whether the call's answer may be a stream: its operation's output has a streaming member, or there is no schema to say. */
export function outputMayStream(context: HandlerExecutionContext): boolean {
  // @smithy/core/schema schemaDeserializationMiddleware: `[, namespace, name, traits, input, output] = operationSchema`.
  const operation = (context as { __smithy_context?: { operationSchema?: unknown } }).__smithy_context?.operationSchema;
  if (!Array.isArray(operation) || operation.length < 6) return true;
  let streams = streamingOutputs.get(operation);
  if (streams === undefined) {
    streams = hasStreamingMember(operation[5]);
    streamingOutputs.set(operation, streams);
  }
  return streams;
}

const streamingOutputs = new WeakMap<object, boolean>();

function hasStreamingMember(output: unknown): boolean {
  try {
    const { NormalizedSchema } = sdkRequire("@smithy/core/schema") as typeof SchemaModule;
    const schema = NormalizedSchema.of(output as Parameters<typeof NormalizedSchema.of>[0]);
    if (schema.isUnitSchema()) return false;
    if (!schema.isStructSchema()) return true;
    for (const [, member] of schema.structIterator()) if (member.isStreaming()) return true;
    return false;
  } catch {
    return true;
  }
}
