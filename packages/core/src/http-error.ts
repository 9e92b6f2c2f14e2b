import { readCapped } from "./capped-stream.js";
import { type KvErrorContext, KvHttpError } from "./errors.js";
import { KV_ERRORS, kvErrorForStatus, parseErrorEnvelope } from "./protocol/errors.js";
import { redactText } from "./redact.js";
import { isRetryableStatus } from "./retry.js";

// An error page is read up to this many bytes, so a huge HTML answer cannot exhaust memory.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** The body as text, at most 64 KiB of it; a body cut off mid-way still gives what arrived. */
async function readErrorText(response: Response): Promise<string> {
  if (!response.body) return "";
  const read = await readCapped(response.body, MAX_ERROR_BODY_BYTES, { tolerant: true });
  // Without `fatal`, a character the cap split in two becomes U+FFFD instead of an error.
  return new TextDecoder().decode(read.bytes());
}

/**
 * The catalogue's advice (`KV_ERRORS`) for the answer: the entry of its code and status, else the status's
 * default entry; a rate-limit hint says how long to wait.
 */
function catalogueAdvice(status: number, code: string | undefined, retryAfterMs: number | undefined): string {
  if (status === 429 && retryAfterMs !== undefined) {
    return `Rate limited; try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
  }
  for (const entry of Object.values(KV_ERRORS)) {
    if (entry.status === status && entry.code === code) return entry.advice;
  }
  return kvErrorForStatus(status).advice;
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
  extra: {
    secrets: readonly string[];
    attempts: number;
    retryAfterMs?: number;
    waitTooLong?: number;
    /** Set when the call stopped retrying because `retry.maxElapsedMs` would have passed. */
    patienceMs?: number;
    /** The operation's own advice by status, in place of the general advice. */
    advice?: Readonly<Partial<Record<number, string>>> | undefined;
  },
): Promise<KvHttpError> {
  // Redact before parsing or cutting: envelope fields and snippets must never carry a secret, whole or in part.
  const text = redactText(await readErrorText(response), extra.secrets);
  const errors = parseErrorEnvelope(text) ?? [];
  const first = errors[0];
  const snippet =
    errors.length === 0 && text.trim() !== "" ? text.replace(/\s+/g, " ").trim().slice(0, 200) : undefined;
  const what = [
    context.operation ?? "request",
    context.key === undefined ? "" : `of key ${JSON.stringify(context.key)}`,
  ]
    .filter(Boolean)
    .join(" ");
  const reason = first
    ? [first.code && `code ${first.code}`, first.title, first.detail].filter(Boolean).join(": ")
    : snippet
      ? `unexpected body: ${snippet}`
      : "empty body";
  const tries = extra.attempts > 1 ? ` after ${extra.attempts} attempts` : "";
  const wait =
    extra.waitTooLong === undefined
      ? ""
      : ` The server asked to wait ${Math.ceil(extra.waitTooLong / 1000)} s, more than retry.maxRetryAfterMs allows; try later or raise it.`;
  const patience =
    extra.patienceMs === undefined
      ? ""
      : ` Gave up: retry.maxElapsedMs (${extra.patienceMs} ms) would pass; raise it to wait longer.`;
  const advice =
    extra.advice?.[response.status] ?? catalogueAdvice(response.status, first?.code, extra.retryAfterMs);
  const message = redactText(
    `Telnyx KV ${what} failed with HTTP ${response.status}${tries} (${reason}). ${advice}${wait}${patience}`.trim(),
    extra.secrets,
  );
  const requestId = response.headers.get("x-request-id") ?? undefined;
  const responseHeaders = responseHeadersOf(response, extra.secrets);
  return new KvHttpError(message, {
    ...context,
    status: response.status,
    errors,
    isRetryable: isRetryableStatus(response.status),
    responseHeaders,
    ...(requestId === undefined ? {} : { requestId }),
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
    ...(snippet === undefined ? {} : { bodySnippet: snippet }),
  });
}
