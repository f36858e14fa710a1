// A server that sends its headers and then a byte now and then is never silent, so the socket
// timeout (ConnectionPool socketTimeoutMs) never fires, and the SDK, which reads an RPC answer
// whole before it parses it, would wait for the rest for ever. This bounds that wait: an answer
// still arriving `ms` after its headers is cut off with a TimeoutError, which the SDK retries like
// any timeout (@smithy/core/retry isTransientError: TRANSIENT_ERROR_CODES has "TimeoutError").
// Only answers not yet whole when the SDK gets them are watched: a small answer arrives with its
// headers (Node's HTTP parser reads the whole packet before the response is handed on), so the
// usual cost is one property read.
// Which answers: every answer of an RPC protocol (the SDK reads them whole), and a REST answer
// (restJson1, restXml: the SSO portal, S3's listings) whose operation's output has no streaming
// member in the command's schema (@smithy/core/schema NormalizedSchema.isStreaming: a streaming
// blob such as S3 GetObject's Body, or an event stream), so the SDK reads it whole too. A stream is
// the caller's to read at its own pace, and without a schema to say (a client from an SDK without
// schemas) a REST answer is left alone.
import type { HandlerExecutionContext } from "@smithy/types";
import type * as SchemaModule from "@smithy/core/schema";
import { sdkRequire } from "./sdk-require.js";

interface NodeBody {
  complete?: boolean;
  destroyed?: boolean;
  destroy(error: Error): void;
  once(event: "close", listener: () => void): unknown;
}

/**
 * Cuts `body` (a Node IncomingMessage) off if it is still arriving after `ms`; `what` names the
 * call. `mayStream` (asked only of an answer still arriving) spares an answer that may be a stream.
 */
export function boundAnswer(body: unknown, ms: number, what: () => string, mayStream?: () => boolean): void {
  const message = body as NodeBody | undefined;
  if (ms <= 0 || message?.complete !== false || message.destroyed || typeof message.destroy !== "function" || typeof message.once !== "function") return;
  if (mayStream?.()) return;
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
