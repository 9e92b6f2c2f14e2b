import { readCapped } from "./capped-stream.js";
import { type KvErrorContext, KvHttpError } from "./errors.js";
import type { KvHttpErrorText } from "./http-error-text.js";
import { redactText } from "./redact.js";
import { isRetryableStatus } from "./retry.js";

// An error page is read up to this many bytes, so a huge HTML answer cannot exhaust memory.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What the retry loop knows about a failed call, for its error's message. */
export interface KvHttpErrorExtra {
  secrets: readonly string[];
  attempts: number;
  retryAfterMs?: number;
  waitTooLong?: number;
  /** Set when the call stopped retrying because `retry.maxElapsedMs` would have passed. */
  patienceMs?: number;
  /** The operation's own advice by status, in place of the general advice. */
  advice?: Readonly<Partial<Record<number, string>>> | undefined;
}

/** The body as text, at most 64 KiB of it; a body cut off mid-way still gives what arrived. */
async function readErrorText(response: Response): Promise<string> {
  if (!response.body) return "";
  const read = await readCapped(response.body, MAX_ERROR_BODY_BYTES, { tolerant: true });
  // Without `fatal`, a character the cap split in two becomes U+FFFD instead of an error.
  return new TextDecoder().decode(read.bytes());
}

/** The answer's headers for an error, lower-cased, without `set-cookie`, secrets removed. */
export function responseHeadersOf(response: Response, secrets: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = redactText(value, secrets);
  });
  return headers;
}

/** Builds the error for a non-2xx response; reads (and so consumes) its body. */
export async function createHttpError(
  response: Response,
  context: KvErrorContext,
  extra: KvHttpErrorExtra,
): Promise<KvHttpError> {
  const { status } = response;
  // Redact before parsing or cutting: envelope fields and snippets must never carry a secret, whole or in part.
  const body = redactText(await readErrorText(response), extra.secrets);
  // The message's text (envelope, advice) loads on the first error: a page that meets none ships none of it.
  const text = await import("./http-error-text.js").then(
    (lazy) => lazy.describeHttpError(status, body, context, extra),
    // Only a page that can no longer load its own files gets here (a deploy replaced them): still a typed error.
    (error: unknown): KvHttpErrorText => ({
      message: `Telnyx KV ${context.operation} failed with HTTP ${status}; the text of this error could not be loaded (${error}).`,
      errors: [],
    }),
  );
  const requestId = response.headers.get("x-request-id") ?? undefined;
  return new KvHttpError(redactText(text.message, extra.secrets), {
    ...context,
    status,
    errors: text.errors,
    isRetryable: isRetryableStatus(status),
    responseHeaders: responseHeadersOf(response, extra.secrets),
    ...(requestId === undefined ? {} : { requestId }),
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
    ...(text.bodySnippet === undefined ? {} : { bodySnippet: text.bodySnippet }),
  });
}
