// The one place that decides how credentials show to humans and logs: a masked key id at most,
// never a secret or a session token. Used by the credential sources' input errors, the session's
// inspect/JSON view, and AssumeRole errors (whose text comes from STS, and from there reaches
// records, JSON output and the CLI's failure summary).

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`. */
export function maskKeyId(accessKeyId: string | undefined): string | undefined {
  if (accessKeyId === undefined) return undefined;
  if (accessKeyId.length < 12) return "…";
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Credentials whose parts must never show whole. */
export interface KnownCredentials {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Removes every occurrence of the given secrets from a text (for error messages we build). */
export function scrub(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** A text without the secret key and session token of `c`, and with its key id masked. */
export function scrubCredentials(text: string, c: KnownCredentials | undefined): string {
  if (!c) return text;
  const out = scrub(text, [c.secretAccessKey, c.sessionToken]);
  return c.accessKeyId && c.accessKeyId.length >= 12 ? out.split(c.accessKeyId).join(maskKeyId(c.accessKeyId)!) : out;
}

/**
 * Cleans an error and its `cause` chain in place of the credentials' secrets: its message, stack
 * and every own string field (SDK service exceptions copy the server's `Message` and more onto
 * themselves). A server may quote what it was sent — a session token travels in a header — so
 * its words are not trusted to be free of them.
 */
export function scrubError<E>(error: E, c: KnownCredentials | undefined, depth = 0): E {
  if (!c || error === null || typeof error !== "object" || depth > 8) return error;
  for (const name of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[name];
    if (typeof value === "string") {
      const clean = scrubCredentials(value, c);
      if (clean !== value) {
        try {
          Object.defineProperty(error, name, { value: clean });
        } catch {
          // A frozen field keeps its text; the FleetError built from it is scrubbed anyway.
        }
      }
    } else if (name === "cause") {
      scrubError(value, c, depth + 1);
    }
  }
  return error;
}
