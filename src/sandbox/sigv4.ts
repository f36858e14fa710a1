// Signature check: rebuild the request the client signed and sign it again with the secret we
// know, through the SDK's own SignatureV4, so the sandbox can never disagree with the algorithm.
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** Parses the Authorization header; undefined when absent or malformed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m = header === undefined ? null : AUTH.exec(header.trim());
  if (!m) return undefined;
  const [, accessKeyId, date, region, service, signed, signature] = m as unknown as string[];
  return { accessKeyId: accessKeyId!, date: date!, region: region!, service: service!, signedHeaders: signed!.split(";"), signature: signature! };
}

/** The received request, as much of it as the signature covers. */
export interface ReceivedRequest {
  method: string;
  /** Raw path and query as received, e.g. "/listRegions?x=1". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A SHA-256 hash/HMAC with the shape SignatureV4 expects, on node:crypto. */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function toBuffer(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** True when `auth.signature` is what the SDK would compute for this request and secret. */
export async function signatureMatches(request: ReceivedRequest, auth: ParsedAuthorization, secretAccessKey: string): Promise<boolean> {
  const amzDate = headerValue(request.headers["x-amz-date"]);
  const d = amzDate === undefined ? null : AMZ_DATE.exec(amzDate);
  if (!d || !amzDate!.startsWith(auth.date)) return false;
  const signingDate = new Date(Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!));
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headerValue(request.headers[name]);
    if (value === undefined) return false;
    headers[name] = value;
  }
  const url = new URL(request.url, "http://sandbox.invalid");
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const prior = query[key];
    query[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey, ...(headers["x-amz-security-token"] !== undefined && { sessionToken: headers["x-amz-security-token"] }) },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const path = url.pathname.split("/").map(safeDecode).join("/");
  const signed = await signer.sign(
    { method: request.method, protocol: "http:", hostname: "sandbox.invalid", path, query, headers, body: request.body },
    { signingDate, signingRegion: auth.region, signingService: auth.service, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
  return expected !== undefined && timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
