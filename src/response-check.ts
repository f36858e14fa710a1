// Answers that are not the service's: an HTML error page from a proxy or load balancer, or an
// empty 200 where the protocol always sends a document (with Content-Length: 0, or with no length
// at all: chunked, or read to the close, whose first bytes are looked at and put back). The SDK
// would report the first as a parser's complaint ("Unexpected token '<'", or an "Unknown" error)
// and take the second for an empty result; this middleware, between the transport and the SDK's
// deserializer, says what came back instead (status and content-type) and never keeps the body. The body decides, not the content-type: a
// doubtful answer (HTML content-type, a document that may be empty, an error without an AWS
// request id) is read whole, up to MAX_CHECKED_BODY, and handed on when it parses as the
// protocol's document (moto's server sends JSON as text/html; issue 20 B1).
// Sources: @smithy/core deserializerMiddleware (it is the one this sits after), AWS query and EC2
// protocols (every answer is an XML document, `<XResponse>` or `<Response>`/`<ErrorResponse>`).
import type { DeserializeHandler, DeserializeHandlerArguments, HandlerExecutionContext, MetadataBearer, Pluggable } from "@smithy/types";
import { outputMayStream, watchArrivingAnswer } from "./arriving-answer.js";

/** An answer that was not an AWS response; its name is what `awsCode` leaves out. */
export class NonAwsResponseError extends Error {
  override readonly name = "NonAwsResponse";
  readonly $fault = "server";
  readonly $metadata: { httpStatusCode: number; requestId?: string };

  constructor(status: number, contentType: string | undefined, what: string, body: "empty" | "not-aws" | "too-large") {
    const type = `content-type ${contentType ?? "none"}`;
    const said =
      body === "empty" ? "an empty body"
      : body === "too-large" ? `a body over ${MAX_CHECKED_BODY / 1024 / 1024} MiB (${type}), not read further`
      : `a body that was not an AWS response (${type})`;
    super(`HTTP ${status} from ${what} with ${said}; a proxy or load balancer may have answered instead of AWS`);
    this.$metadata = { httpStatusCode: status };
  }
}

// Protocols whose every answer, error or not, is an XML document (never an empty body).
const DOCUMENT_PROTOCOLS = /#(?:awsQuery|ec2Query)$/;
const XML_PROTOCOLS = /#(?:awsQuery|ec2Query|restXml)$/;
const JSON_PROTOCOLS = /#(?:awsJson1_0|awsJson1_1|restJson1)$/;
// Protocols whose answers the SDK reads whole before parsing (REST bodies may be the caller's streams:
// their operations' schemas say which, arriving-answer.ts).
const RPC_PROTOCOLS = /#(?:awsQuery|ec2Query|awsJson1_0|awsJson1_1)$/;
/** The most the check buffers of an answer it doubts; past this it fails rather than hand the SDK a part. */
export const MAX_CHECKED_BODY = 32 * 1024 * 1024;

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/**
 * The check for one client; `client.config.protocol` tells which document its answers are. An
 * answer the SDK reads whole (RPC, or REST without a streaming output) still arriving
 * `answerDeadlineMs` after its headers is cut off (arriving-answer.ts; 0: never), before anything
 * here reads it.
 */
export function nonAwsResponsePlugin(client: object, answerDeadlineMs = 0): Pluggable<object, MetadataBearer> {
  const protocol = (client as { config?: { protocol?: { getShapeId?: () => string } } }).config?.protocol?.getShapeId?.() ?? "";
  const alwaysDocument = DOCUMENT_PROTOCOLS.test(protocol);
  // RPC answers are read whole; for any other protocol the operation's schema says (arriving-answer.ts).
  const mayStream = RPC_PROTOCOLS.test(protocol) ? undefined : outputMayStream;
  const document: Document = XML_PROTOCOLS.test(protocol) ? "xml" : JSON_PROTOCOLS.test(protocol) ? "json" : "either";
  return {
    applyToStack(stack) {
      stack.addRelativeTo(
        (next: DeserializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: DeserializeHandlerArguments<object>) => {
          const result = await next(args);
          const response = result.response as RawResponse;
          if (typeof response?.statusCode !== "number") return result;
          const status = response.statusCode;
          const headers = lowerCased(response.headers);
          const contentType = headers["content-type"];
          watchArrivingAnswer(response.body, status, contentType === EVENT_STREAM ? 0 : answerDeadlineMs, () => callName(context), mayStream && (() => mayStream(context)));
          const html = contentType !== undefined && /html/i.test(contentType);
          const length = headers["content-length"];
          // A document protocol's 2xx holds a document. Without a length (chunked, or read to the
          // close: a proxy re-framed it) its first bytes are looked at and put back; the rest is the SDK's.
          const emptyDocument = alwaysDocument && status < 300 && !html && (length === "0" || (length === undefined && !(await hasContent(response.body))));
          if (!html && !emptyDocument && (status < 300 || fromAws(headers))) return result;
          const what = callName(context);
          const body = await collect(response.body);
          if (body === undefined) throw new NonAwsResponseError(status, contentType, what, "too-large");
          const text = new TextDecoder().decode(body).trim();
          // A 2xx is judged by its body, not its header: moto sends its JSON as text/html (issue 20).
          // An error labelled HTML stays a page (a proxy's), whatever it holds.
          // An empty error body is normal for HEAD requests and REST services; only document protocols always send one.
          if ((isDocument(text, document) && (status < 300 || !html)) || (text.length === 0 && !alwaysDocument && !html)) {
            response.body = body;
            return result;
          }
          throw new NonAwsResponseError(status, contentType, what, text.length === 0 ? "empty" : "not-aws");
        },
        { relation: "after", toMiddleware: "deserializerMiddleware", name: "sessionfleetNonAwsResponse", override: true },
      );
    },
  };
}

type Document = "xml" | "json" | "either";

/** An event stream's answer arrives for as long as the stream lasts (AWS event stream encoding). */
const EVENT_STREAM = "application/vnd.amazon.eventstream";

/** "STS GetCallerIdentity", for messages. */
function callName(context: HandlerExecutionContext): string {
  return `${String(context.clientName ?? "the service").replace(/Client$/, "")} ${String(context.commandName ?? "").replace(/Command$/, "")}`.trim();
}

/** Whether `text` parses as the protocol's document: a JSON object, or an XML document that is not an HTML page. */
function isDocument(text: string, document: Document): boolean {
  if (document !== "json" && text.startsWith("<")) return text.endsWith(">") && !/^<(?:html|!doctype)[\s>]/i.test(text);
  if (document !== "xml" && text.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
    } catch {
      return false;
    }
  }
  return false;
}

/** A request id or error type header means AWS (or an emulator) answered: its body is for the SDK. */
function fromAws(headers: RawResponse["headers"]): boolean {
  return headers["x-amzn-requestid"] !== undefined || headers["x-amz-request-id"] !== undefined || headers["x-amzn-errortype"] !== undefined;
}

/**
 * The headers by lower-case name. Node's and fetch's handlers already give them so, and are then
 * taken as they are; any other handler's are copied once.
 */
function lowerCased(headers: RawResponse["headers"] | undefined): RawResponse["headers"] {
  if (!headers) return {};
  for (const key in headers) {
    if (key !== key.toLowerCase()) {
      const lower: RawResponse["headers"] = {};
      for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] ??= value;
      return lower;
    }
  }
  return headers;
}

interface NodeReadable {
  read(): Uint8Array | null;
  unshift(chunk: Uint8Array): void;
  once(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
  readableEnded?: boolean;
  destroyed?: boolean;
}

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Whether a body holds more than whitespace, reading a Node stream only up to its first such byte
 * and putting what it read back. A body it cannot look into, or one that failed, is left to the SDK.
 */
async function hasContent(body: unknown): Promise<boolean> {
  if (body instanceof Uint8Array) return body.some((byte) => !isSpace(byte));
  if (typeof body === "string") return body.trim() !== "";
  const stream = body as NodeReadable | undefined;
  if (typeof stream?.read !== "function" || typeof stream.unshift !== "function" || typeof stream.once !== "function") return true;
  const read: Uint8Array[] = [];
  try {
    for (;;) {
      const chunk = stream.read();
      if (chunk !== null) {
        read.push(chunk);
        if (chunk.some((byte) => !isSpace(byte))) return true;
        continue;
      }
      if (stream.readableEnded) return false;
      if (stream.destroyed) return true;
      await new Promise<void>((resolve) => {
        const events = ["readable", "end", "error", "close"];
        const done = (): void => {
          for (const event of events) stream.off(event, done);
          resolve();
        };
        for (const event of events) stream.once(event, done);
      });
    }
  } finally {
    if (read.length > 0 && !stream.readableEnded && !stream.destroyed) stream.unshift(Buffer.concat(read));
  }
}

/** The whole body's bytes; `undefined` when it is over MAX_CHECKED_BODY (the stream is then destroyed). */
async function collect(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body.length > MAX_CHECKED_BODY ? undefined : body;
  if (typeof body === "string") return collect(new TextEncoder().encode(body));
  if (body === undefined || body === null || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_CHECKED_BODY) {
      (body as { destroy?: () => void }).destroy?.();
      return undefined;
    }
  }
  return Buffer.concat(chunks);
}
