// Opaque page tokens shared by the services: an offset bound to the listing it belongs to, so a
// token from one listing (or a made-up one) is refused as AWS would.
import { createHash } from "node:crypto";

function tag(scope: string): string {
  return createHash("sha256").update(scope).digest("hex").slice(0, 12);
}

/** A token for `offset` within the listing named by `scope`. */
export function pageToken(scope: string, offset: number): string {
  return Buffer.from(`sfbx:${tag(scope)}:${offset}`).toString("base64url");
}

/** The offset in a token, or undefined when it is not a token of this listing. */
export function pageOffset(scope: string, token: string): number | undefined {
  const m = /^sfbx:([0-9a-f]{12}):(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return m && m[1] === tag(scope) ? Number(m[2]) : undefined;
}

/** One page of `items` starting at the token's offset. */
export function page<T>(items: T[], scope: string, token: string | undefined, size: number, invalid: () => Error): { items: T[]; next?: string } {
  let offset = 0;
  if (token !== undefined && token !== "") {
    const found = pageOffset(scope, token);
    if (found === undefined || found > items.length) throw invalid();
    offset = found;
  }
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length && { next: pageToken(scope, end) }) };
}
