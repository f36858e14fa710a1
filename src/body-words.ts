// Which words of a server's raw body an error message may still show once the body is dropped.
// A parser that failed quotes the body (a truncated AssumeRole answer carries the issued key id
// and secret), so a message loses every long word it shares with the body. The exceptions are
// the body's own words for people: tag names ("missing closing tag </SessionToken>") and the text
// of its error message element, which is what the SDK put in the message of an error it parsed
// ("The action "DescribeVpcs" is not valid", an ARN). Even there a value shaped like a key id or
// a secret (digits, "+" or "=" among letters) is hidden.
// Error shapes: AWS query/EC2 errors carry <Message> (docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html),
// JSON protocols "message"/"Message" (@aws-sdk/core protocols, loadRestJsonErrorCode and the JSON error deserializers).

const WORD = /[A-Za-z0-9+/=_-]{12,}/g;
const XML_MESSAGE = /<(Message)>([\s\S]*?)<\/\1>/gi;
const JSON_MESSAGE = /"(?:message|Message|errorMessage)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const KEY_ID = /^(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}$/;

/** A word shaped like a credential: a key id, or 16+ characters with letters and digits (or base64 padding and plus signs). */
export function looksSecret(word: string): boolean {
  if (KEY_ID.test(word)) return true;
  return word.length >= 16 && /[A-Za-z]/.test(word) && /[0-9+=]/.test(word);
}

/** `text` with every word it shares with `bodyText` replaced by `[redacted]`, but for the body's words for people. */
export function scrubBodyWords(text: string, bodyText: string): string {
  if (bodyText.length === 0) return text;
  const tags = new Set([...bodyText.matchAll(/<\/?([A-Za-z][\w.:-]*)/g)].map((m) => m[1]));
  // The body without its message text: a word found only there is the service's sentence.
  const rest = bodyText.replace(XML_MESSAGE, "").replace(JSON_MESSAGE, "");
  return text.replace(WORD, (word) => {
    if (!bodyText.includes(word) || tags.has(word)) return word;
    return rest.includes(word) || looksSecret(word) ? "[redacted]" : word;
  });
}
