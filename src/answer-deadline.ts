// A server that sends its headers and then a byte now and then is never silent, so the socket
// timeout (ConnectionPool socketTimeoutMs) never fires, and the SDK, which reads an RPC answer
// whole before it parses it, would wait for the rest for ever. This bounds that wait: an answer
// still arriving `ms` after its headers is cut off with a TimeoutError, which the SDK retries like
// any timeout (@smithy/core/retry isTransientError: TRANSIENT_ERROR_CODES has "TimeoutError").
// Only answers not yet whole when the SDK gets them are watched: a small answer arrives with its
// headers (Node's HTTP parser reads the whole packet before the response is handed on), so the
// usual cost is one property read.
interface NodeBody {
  complete?: boolean;
  destroyed?: boolean;
  destroy(error: Error): void;
  once(event: "close", listener: () => void): unknown;
}

/** Cuts `body` (a Node IncomingMessage) off if it is still arriving after `ms`; `what` names the call (asked only then). */
export function boundAnswer(body: unknown, ms: number, what: () => string): void {
  const message = body as NodeBody | undefined;
  if (ms <= 0 || message?.complete !== false || message.destroyed || typeof message.destroy !== "function" || typeof message.once !== "function") return;
  const timer = setTimeout(() => {
    const error = Object.assign(new Error(`${what()}: the answer was still arriving ${ms} ms after its headers (a server or proxy trickling it in); cut off`), { name: "TimeoutError", code: "ETIMEDOUT" });
    message.destroy(error);
  }, ms);
  timer.unref();
  // An IncomingMessage closes once it has ended (autoDestroy) or was destroyed.
  message.once("close", () => clearTimeout(timer));
}
