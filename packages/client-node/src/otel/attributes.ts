/** Span and event attributes from the trace contexts, named by the OpenTelemetry semantic conventions where one fits. */
import type { Attributes } from "@opentelemetry/api";
import type { KvOperationTraceContext, KvRequestTraceContext } from "../tracing-channels.js";

/** `db.system.name` of Telnyx KV (not in the conventions' list, so our own lowercase name). */
export const KV_DB_SYSTEM = "telnyx_kv";

/** The operation's attributes: what it is at the start, and its outcome and counts once it is over. */
export function operationAttributes(operation: KvOperationTraceContext, recordKeys: boolean): Attributes {
  const attributes: Attributes = {
    "db.system.name": KV_DB_SYSTEM,
    "db.operation.name": operation.operation,
  };
  if (operation.namespaceId !== undefined) attributes["db.namespace"] = operation.namespaceId;
  // The conventions give a batch size only to calls of two or more items.
  if (operation.count !== undefined && operation.count >= 2)
    attributes["db.operation.batch.size"] = operation.count;
  if (operation.count !== undefined) attributes["telnyx_kv.count"] = operation.count;
  if (operation.failed !== undefined) attributes["telnyx_kv.failed"] = operation.failed;
  if (operation.outcome !== undefined) attributes["telnyx_kv.outcome"] = operation.outcome;
  if (recordKeys && operation.key !== undefined) attributes["telnyx_kv.key"] = operation.key;
  if (recordKeys && operation.prefix !== undefined) attributes["telnyx_kv.prefix"] = operation.prefix;
  return attributes;
}

/** `server.address` and `server.port` of an attempt's URL (the URL itself holds the key, so it is not kept). */
export function serverAttributes(url: string): Attributes {
  try {
    const parsed = new URL(url);
    const port = parsed.port === "" ? (parsed.protocol === "https:" ? 443 : 80) : Number(parsed.port);
    return { "server.address": parsed.hostname, "server.port": port };
  } catch {
    return {};
  }
}

/** One attempt as an event: method, status or error type, request id, sizes and the budget left. */
export function attemptAttributes(attempt: KvRequestTraceContext, recordKeys: boolean): Attributes {
  const attributes: Attributes = {
    "telnyx_kv.attempt": attempt.attempt,
    "telnyx_kv.request.operation": attempt.operation,
    "http.request.method": attempt.method,
  };
  if (attempt.status !== undefined) attributes["http.response.status_code"] = attempt.status;
  if (attempt.error !== undefined) attributes["error.type"] = errorType(attempt.error);
  else if (attempt.status !== undefined && attempt.status >= 400)
    attributes["error.type"] = String(attempt.status);
  if (attempt.requestId !== undefined) attributes["telnyx_kv.request_id"] = attempt.requestId;
  if (attempt.bytesSent !== undefined) attributes["http.request.body.size"] = attempt.bytesSent;
  if (attempt.bytesReceived !== undefined) attributes["http.response.body.size"] = attempt.bytesReceived;
  const rateLimit = attempt.rateLimit;
  if (rateLimit !== undefined) {
    if (rateLimit.limit !== undefined) attributes["telnyx_kv.ratelimit.limit"] = rateLimit.limit;
    attributes["telnyx_kv.ratelimit.remaining"] = rateLimit.remaining;
    attributes["telnyx_kv.ratelimit.reset_ms"] = rateLimit.resetMs;
  }
  if (recordKeys) attributes["url.full"] = attempt.url;
  return attributes;
}

/**
 * `error.type`: the status of an HTTP error (as the conventions ask for a status code), else the client's
 * error kind (`network`, `timeout`, `abort`...), else the error's name.
 */
export function errorType(error: unknown): string {
  if (error === null || typeof error !== "object") return "_OTHER";
  const { status, kind, name } = error as { status?: unknown; kind?: unknown; name?: unknown };
  if (kind === "http" && typeof status === "number") return String(status);
  if (typeof kind === "string") return kind;
  return typeof name === "string" ? name : "_OTHER";
}
