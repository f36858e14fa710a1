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

const HIDDEN = "[hidden by sessionfleet]";

/**
 * The SDK's logger middleware logs command outputs, and its sensitive-field filter masks only
 * part of issued credentials (AssumeRole: the secret; GetRoleCredentials: secret and token), so
 * a user's logger would see the rest. This puts a middleware inside the logger on `command`: it
 * keeps `output[field]` for us and passes the logger (and the rest of the stack) a copy with
 * `keys` hidden. Returns what it kept, once the command has been sent.
 */
export function keepIssuedFromLogger<T extends object>(
  command: { middlewareStack: { addRelativeTo(middleware: unknown, options: object): void } },
  field: string,
  keys: readonly (keyof T & string)[],
): () => T | undefined {
  let issued: T | undefined;
  command.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<{ output: Record<string, unknown> }>) => async (args: unknown) => {
      const result = await next(args);
      issued = result.output[field] as T | undefined;
      const hidden = issued && { ...issued, ...Object.fromEntries(keys.map((key) => [key, HIDDEN])) };
      return { ...result, output: { ...result.output, [field]: hidden } };
    },
    { relation: "after", toMiddleware: "loggerMiddleware", name: `sessionfleetHide_${field}`, override: true },
  );
  return () => issued;
}
