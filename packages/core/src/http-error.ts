import { type KvErrorContext, KvHttpError } from "./errors.js";
import { KV_MAX_VALUE_BYTES } from "./limits.js";
import { redactText } from "./redact.js";
import { isRetryableStatus } from "./retry.js";
import type { KvWireError } from "./wire.js";

const MAX_ERROR_BODY_CHARS = 64 * 1024;

/** Reads at most `maxChars` of a body as text, so a huge HTML error page cannot exhaust memory. */
async function readCapped(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off mid-way still leaves the status and whatever text arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, maxChars);
}

/** Normalises an envelope's errors: codes become strings, non-objects are dropped. */
export function parseErrorEnvelope(text: string): KvWireError[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors
    .filter((entry): entry is Record<string, unknown> => typeof entry === "object" && entry !== null)
    .map((entry) => {
      const error: KvWireError = { code: entry.code === undefined ? "" : String(entry.code) };
      if (typeof entry.title === "string") error.title = entry.title;
      if (typeof entry.detail === "string") error.detail = entry.detail;
      if (typeof entry.source === "object" && entry.source !== null)
        error.source = entry.source as KvWireError["source"];
      if (typeof entry.meta === "object" && entry.meta !== null)
        error.meta = entry.meta as Record<string, unknown>;
      return error;
    });
}

/** What to tell the caller to do about a status, given the operation. */
function adviceFor(status: number, context: KvErrorContext, retryAfterMs: number | undefined): string {
  const op = context.operation ?? "";
  switch (status) {
    case 400:
      return "Check the request against the API rules (keys: [-/_=.a-zA-Z0-9], at most 256 characters).";
    case 401:
      return "Check the API key: pass `apiKey` or set TELNYX_API_KEY.";
    case 403:
      return "The API key may not do this; check its permissions in the Telnyx portal.";
    case 404:
      return op.startsWith("namespaces.")
        ? "No namespace has this id in this account (it may have been deleted)."
        : "The namespace does not exist or was deleted; check the namespace id.";
    case 409:
      if (op === "namespaces.create")
        return "A namespace with this name already exists; pick another name or find it with namespaces.list().";
      if (op === "namespaces.delete") return "The namespace is already being deleted.";
      if (op === "keys.put") {
        return "The namespace is not ready (wait with namespaces.waitUntilReady) or, with ttlSeconds, does not support TTL (write without it and keep the expiry in the value).";
      }
      return "The namespace is not ready (pending or deleting); wait with namespaces.waitUntilReady(id).";
    case 413:
      return `Values are at most ${KV_MAX_VALUE_BYTES} bytes (1 MiB); split the value over several keys.`;
    case 429:
      return retryAfterMs === undefined
        ? "Rate limited; slow down and try again."
        : `Rate limited; try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
    default:
      return status >= 500
        ? "The service failed; try again later and quote the request id to Telnyx support."
        : "";
  }
}

/** Builds the error for a non-2xx response; reads (and so consumes) its body. */
export async function createHttpError(
  response: Response,
  context: KvErrorContext,
  extra: { secrets: readonly string[]; attempts: number; retryAfterMs?: number; waitTooLong?: number },
): Promise<KvHttpError> {
  // Redact before parsing or cutting: envelope fields and snippets must never carry a secret, whole or in part.
  const text = redactText(await readCapped(response, MAX_ERROR_BODY_CHARS), extra.secrets);
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
  const message = redactText(
    `Telnyx KV ${what} failed with HTTP ${response.status}${tries} (${reason}). ${adviceFor(response.status, context, extra.retryAfterMs)}${wait}`.trim(),
    extra.secrets,
  );
  const requestId = response.headers.get("x-request-id") ?? undefined;
  return new KvHttpError(message, {
    ...context,
    status: response.status,
    errors,
    isRetryable: isRetryableStatus(response.status),
    ...(requestId === undefined ? {} : { requestId }),
    ...(extra.retryAfterMs === undefined ? {} : { retryAfterMs: extra.retryAfterMs }),
    ...(snippet === undefined ? {} : { bodySnippet: snippet }),
  });
}
