/** Removes secrets from text and URLs before they reach an error, a log line or `JSON.stringify`. */

const REDACTED = "[redacted]";
const SECRET_QUERY_PARAMS = /^(token|api_key|apikey|key|access_token|auth|authorization)$/i;

/** Replaces every occurrence of each secret (at least 4 characters long) in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  // A bearer token we were not told about still never travels in a message. Only the token itself goes:
  // the scheme and the token are on one line (spaces or tabs between), and a token holds no space, quote,
  // comma, semicolon or closing parenthesis, so the rest of the line and the next line are kept.
  return out.replace(/(bearer[ \t]+)[^\s"',;)]+/gi, `$1${REDACTED}`);
}

/**
 * Quotes a piece of a request for an error detail or a log line: secrets are redacted first, then the
 * text is shortened to `max` characters with "…" (cutting first could split a secret past redaction).
 */
export function quoteInput(value: string, secrets: readonly string[] = [], max = 80): string {
  const clean = redactText(value, secrets);
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}

/** Strips userinfo and secret-looking query parameters from a URL, then redacts known secrets. */
export function redactUrl(url: string, secrets: readonly string[]): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = "";
      parsed.password = "";
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY_PARAMS.test(name)) parsed.searchParams.set(name, REDACTED);
    }
    return redactText(parsed.toString(), secrets);
  } catch {
    return redactText(url, secrets);
  }
}

/**
 * Copies an underlying error into a plain `Error` that keeps name, message and `code` but drops every other
 * property (fetch errors can carry request objects whose headers hold the bearer token).
 */
export function sanitizeCause(cause: unknown, secrets: readonly string[], depth = 0): Error | undefined {
  if (cause === undefined || cause === null || depth > 3) return undefined;
  const source = cause as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const message = typeof source.message === "string" ? source.message : String(cause);
  const copy = new Error(redactText(message, secrets), {
    cause: sanitizeCause(source.cause, secrets, depth + 1),
  }) as Error & { code?: string };
  if (typeof source.name === "string") copy.name = source.name;
  if (typeof source.code === "string") copy.code = redactText(source.code, secrets);
  if (copy.cause === undefined) delete (copy as { cause?: unknown }).cause;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
