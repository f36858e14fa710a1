// Answers that are not the service's: an HTML error page from a proxy or load balancer, or an
// empty 200 where the protocol always sends a document. The SDK would report the first as a
// parser's complaint ("Unexpected token '<'", or an "Unknown" error) and take the second for an
// empty result; this middleware, between the transport and the SDK's deserializer, says what
// came back instead (status and content-type) and never keeps the body.
// Sources: @smithy/core deserializerMiddleware (it is the one this sits after), AWS query and EC2
// protocols (every answer is an XML document, `<XResponse>` or `<Response>`/`<ErrorResponse>`).
import type { DeserializeHandler, DeserializeHandlerArguments, HandlerExecutionContext, MetadataBearer, Pluggable } from "@smithy/types";

/** An answer that was not an AWS response; its name is what `awsCode` leaves out. */
export class NonAwsResponseError extends Error {
  override readonly name = "NonAwsResponse";
  readonly $fault = "server";
  readonly $metadata: { httpStatusCode: number; requestId?: string };

  constructor(status: number, contentType: string | undefined, what: string, empty: boolean) {
    const body = empty ? "an empty body" : `a body that was not an AWS response (content-type ${contentType ?? "none"})`;
    super(`HTTP ${status} from ${what} with ${body}; a proxy or load balancer may have answered instead of AWS`);
    this.$metadata = { httpStatusCode: status };
  }
}

// Protocols whose every answer, error or not, is an XML document (never an empty body).
const DOCUMENT_PROTOCOLS = /#(?:awsQuery|ec2Query)$/;
const MAX_PEEK = 64 * 1024;

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

/** The check for one client; `client.config.protocol` tells whether its answers are always documents. */
export function nonAwsResponsePlugin(client: object): Pluggable<object, MetadataBearer> {
  const protocol = (client as { config?: { protocol?: { getShapeId?: () => string } } }).config?.protocol?.getShapeId?.() ?? "";
  const alwaysDocument = DOCUMENT_PROTOCOLS.test(protocol);
  return {
    applyToStack(stack) {
      stack.addRelativeTo(
        (next: DeserializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: DeserializeHandlerArguments<object>) => {
          const result = await next(args);
          const response = result.response as RawResponse;
          if (typeof response?.statusCode !== "number") return result;
          const status = response.statusCode;
          const contentType = header(response, "content-type");
          const html = /html/i.test(contentType ?? "");
          // A request id or error type header means AWS (or an emulator) answered: its body is for the SDK.
          const fromAws = ["x-amzn-requestid", "x-amz-request-id", "x-amzn-errortype"].some((name) => header(response, name) !== undefined);
          const emptyDocument = alwaysDocument && status < 300 && header(response, "content-length") === "0";
          if (!html && !emptyDocument && (status < 300 || fromAws)) return result;
          const body = await collect(response.body);
          const text = new TextDecoder().decode(body).trimStart();
          const looksAws = !html && (text.startsWith("<") ? !/^<(?:!doctype\s+)?html/i.test(text) : text.startsWith("{"));
          // An empty error body is normal for HEAD requests and REST services; only document protocols always send one.
          if (looksAws || (text.length === 0 && !alwaysDocument && !html)) {
            response.body = body;
            return result;
          }
          const what = `${String(context.clientName ?? "the service").replace(/Client$/, "")} ${String(context.commandName ?? "").replace(/Command$/, "")}`.trim();
          throw new NonAwsResponseError(status, contentType, what, text.length === 0);
        },
        { relation: "after", toMiddleware: "deserializerMiddleware", name: "sessionfleetNonAwsResponse", override: true },
      );
    },
  };
}

function header(response: RawResponse, name: string): string | undefined {
  for (const [key, value] of Object.entries(response.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** The body's bytes (at most MAX_PEEK; the rest is dropped and the stream destroyed). */
async function collect(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (body === undefined || body === null || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (size > MAX_PEEK) {
      (body as { destroy?: () => void }).destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks);
}
