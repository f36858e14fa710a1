// Text that came from a file or a server, made safe to print on a terminal: control characters
// (C0, DEL, C1) and the Unicode bidirectional overrides are shown as escapes instead of acting.
// An account file's key `ESC ]0;title BEL` would otherwise retitle the terminal, and worse escape
// sequences can rewrite what is on screen. The model is the GitHub CLI's sanitizing of server text
// before it reaches the terminal (cli/cli pkg/iostreams and its untrusted-text helpers).

// C0 controls, DEL, C1 controls, and the bidi embeddings/overrides/isolates ("Trojan Source").
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` with every control character escaped (`\x1b`, `\n`, `\u202e`); printable text unchanged. */
export function untrusted(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
