// What a KvHttpError says: the body's error envelope, the catalogue's advice (KV_ERRORS) and the retry notes,
// composed into its message. Loaded with `import()` on the first HTTP error (every one is built after an await,
// so none is ever without it), so a page that meets no error ships none of it (issue 19; the ESM build keeps
// this file apart, see tsup.config.ts). It reads no body, redacts nothing and builds no error: the caller does,
// so this file imports only the catalogue and a page's bundler adds no shared chunk to the first load.
import type { KvErrorContext } from "./errors.js";
import type { KvHttpErrorExtra } from "./http-error.js";
import { KV_ERRORS, type KvWireError, kvErrorForStatus, parseErrorEnvelope } from "./protocol/errors.js";

/** What {@link describeHttpError} found: the message, the envelope's errors, and a non-envelope body's start. */
export interface KvHttpErrorText {
  message: string;
  errors: KvWireError[];
  bodySnippet?: string;
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

/**
 * Says what went wrong with a non-2xx answer and what to do, from its status and its body's (already
 * redacted) text: the message is redacted again by the caller, as it also holds the key.
 */
export function describeHttpError(
  status: number,
  text: string,
  context: KvErrorContext,
  extra: KvHttpErrorExtra,
): KvHttpErrorText {
  const errors = parseErrorEnvelope(text) ?? [];
  const first = errors[0];
  const bodySnippet =
    errors.length === 0 && text.trim() !== "" ? text.replace(/\s+/g, " ").trim().slice(0, 200) : undefined;
  const what = [
    context.operation ?? "request",
    context.key === undefined ? "" : `of key ${JSON.stringify(context.key)}`,
  ]
    .filter(Boolean)
    .join(" ");
  const reason = first
    ? [first.code && `code ${first.code}`, first.title, first.detail].filter(Boolean).join(": ")
    : bodySnippet
      ? `unexpected body: ${bodySnippet}`
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
  const advice = extra.advice?.[status] ?? catalogueAdvice(status, first?.code, extra.retryAfterMs);
  const message =
    `Telnyx KV ${what} failed with HTTP ${status}${tries} (${reason}). ${advice}${wait}${patience}`.trim();
  return bodySnippet === undefined ? { message, errors } : { message, errors, bodySnippet };
}
