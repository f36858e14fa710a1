// How our objects show credentials to humans and logs: a masked key id at most, never a secret
// or a session token.

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`. */
export function maskKeyId(accessKeyId: string | undefined): string | undefined {
  if (accessKeyId === undefined) return undefined;
  if (accessKeyId.length < 12) return "…";
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Removes every occurrence of the given secrets from a text (for error messages we build). */
export function scrub(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join("[redacted]");
  }
  return out;
}
