// Wire shapes of each AWS protocol the sandbox speaks, for successes and errors, so that the
// SDK's own deserialisers raise the real exception classes.
import { randomUUID } from "node:crypto";

/** The services the sandbox serves. */
export type ServiceName = "sts" | "rds" | "organizations" | "account" | "ec2";
/** The AWS protocol of each service. */
export type Protocol = "query" | "ec2" | "json" | "rest-json";

/** The protocol each service speaks. */
export const PROTOCOL: Record<ServiceName, Protocol> = { sts: "query", rds: "query", organizations: "json", account: "rest-json", ec2: "ec2" };
/** Names of the services served, as they appear in the SigV4 scope. */
export const SERVICES = Object.keys(PROTOCOL) as ServiceName[];

/** An HTTP response ready to write. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An AWS error a handler returns; `code` is the wire code (the SDK's exception name). */
export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

/** Error codes that differ by protocol, as the real services send them. */
export type CommonError = "unknownKey" | "badSignature" | "expired" | "regionDisabled" | "throttle" | "missingAuth";

const COMMON: Record<Protocol, Record<CommonError, [code: string, status: number]>> = {
  query: { unknownKey: ["InvalidClientTokenId", 403], badSignature: ["SignatureDoesNotMatch", 403], expired: ["ExpiredToken", 400], regionDisabled: ["InvalidClientTokenId", 403], throttle: ["Throttling", 400], missingAuth: ["MissingAuthenticationToken", 403] },
  ec2: { unknownKey: ["AuthFailure", 401], badSignature: ["SignatureDoesNotMatch", 403], expired: ["RequestExpired", 400], regionDisabled: ["AuthFailure", 401], throttle: ["RequestLimitExceeded", 400], missingAuth: ["MissingAuthenticationToken", 401] },
  json: { unknownKey: ["UnrecognizedClientException", 400], badSignature: ["InvalidSignatureException", 400], expired: ["ExpiredTokenException", 400], regionDisabled: ["UnrecognizedClientException", 400], throttle: ["TooManyRequestsException", 400], missingAuth: ["MissingAuthenticationTokenException", 403] },
  "rest-json": { unknownKey: ["UnrecognizedClientException", 403], badSignature: ["InvalidSignatureException", 403], expired: ["ExpiredTokenException", 403], regionDisabled: ["UnrecognizedClientException", 403], throttle: ["TooManyRequestsException", 400], missingAuth: ["MissingAuthenticationTokenException", 403] },
};

/** The protocol's own error for a common failure. */
export function commonError(protocol: Protocol, kind: CommonError, message: string): ApiError {
  const [code, status] = COMMON[protocol][kind];
  return new ApiError(code, message, status);
}

/** A 5xx error in the protocol's words. */
export function serverError(protocol: Protocol, unavailable: boolean): ApiError {
  if (protocol === "ec2") return unavailable ? new ApiError("Unavailable", "The server is overloaded.", 503) : new ApiError("InternalError", "An internal error has occurred.", 500);
  return unavailable ? new ApiError("ServiceUnavailable", "Service is unavailable.", 503) : new ApiError("InternalFailure", "The request processing has failed because of an unknown error.", 500);
}

/** Escapes text for an XML element. */
export function xml(value: string | number | boolean): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** `<Name>value</Name>`, skipped when value is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? "" : `<${name}>${xml(value)}</${name}>`;
}

const XMLNS: Record<string, string> = {
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  rds: "http://rds.amazonaws.com/doc/2014-10-31/",
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
};

/** A successful awsQuery response: `<ActionResponse><ActionResult>…` */
export function queryResult(service: ServiceName, action: string, innerXml: string): Reply {
  const body = `<${action}Response xmlns="${XMLNS[service]}"><${action}Result>${innerXml}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { "content-type": "text/xml" }, body };
}

/** A successful ec2Query response (no Result wrapper, lower-camel element names). */
export function ec2Result(action: string, innerXml: string): Reply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS.ec2}"><requestId>${randomUUID()}</requestId>${innerXml}</${action}Response>`;
  return { status: 200, headers: { "content-type": "text/xml;charset=UTF-8" }, body };
}

/** A successful JSON (1.1 or REST) response. */
export function jsonResult(protocol: Protocol, value: unknown): Reply {
  const type = protocol === "json" ? "application/x-amz-json-1.1" : "application/json";
  return { status: 200, headers: { "content-type": type, "x-amzn-requestid": randomUUID() }, body: JSON.stringify(value) };
}

/** An error response in the protocol's shape. */
export function errorReply(protocol: Protocol, error: ApiError): Reply {
  const requestId = randomUUID();
  switch (protocol) {
    case "query":
      return {
        status: error.status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
        body: `<ErrorResponse><Error><Type>${error.status >= 500 ? "Receiver" : "Sender"}</Type>${el("Code", error.code)}${el("Message", error.message)}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case "ec2":
      return {
        status: error.status, headers: { "content-type": "text/xml;charset=UTF-8" },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${el("Code", error.code)}${el("Message", error.message)}</Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case "json":
      return {
        status: error.status, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
    case "rest-json":
      return {
        status: error.status, headers: { "content-type": "application/json", "x-amzn-requestid": requestId, "x-amzn-errortype": error.code },
        body: JSON.stringify({ message: error.message }),
      };
  }
}

/** The protocol's error for an action the sandbox does not implement. */
export function unknownAction(protocol: Protocol, action: string): ApiError {
  const message = `The sandbox does not implement the action ${JSON.stringify(action)}.`;
  if (protocol === "json" || protocol === "rest-json") return new ApiError("UnknownOperationException", message, 400);
  return new ApiError("InvalidAction", message, 400);
}
