import {
  KV_DEFAULT_CONTENT_TYPE,
  KV_MAX_VALUE_BYTES,
  KvErrorCodes,
  ttlSecondsProblem,
  valueSizeProblem,
} from "@telnyx-kv/core";
import { receiveBody } from "../body.js";
import type { HandlerContext } from "../context.js";
import type { Exchange } from "../exchange.js";
import { parseWholeNumber } from "../params.js";
import { findKey, findReadyNamespace, quote } from "./common.js";

/** `GET …/keys/{key}`: the stored bytes with their content type. */
export function getKey(ex: Exchange, ctx: HandlerContext, rawId: string, rawKey: string): void {
  const key = findKey(ex, rawKey, "read");
  if (key === undefined) return;
  const ns = findReadyNamespace(ex, ctx, rawId);
  if (!ns) return;
  const stored = ctx.store.getValue(ns.seq, key, ctx.now());
  if (!stored) {
    ex.error(
      404,
      KvErrorCodes.notFound,
      "Key not found",
      `Key ${JSON.stringify(key)} does not exist or expired.`,
    );
    return;
  }
  ex.bytes(200, stored.contentType, stored.value);
}

/** `DELETE …/keys/{key}`: 204 whether or not the key existed. */
export function deleteKey(ex: Exchange, ctx: HandlerContext, rawId: string, rawKey: string): void {
  const key = findKey(ex, rawKey, "write");
  if (key === undefined) return;
  const ns = findReadyNamespace(ex, ctx, rawId);
  if (!ns) return;
  ctx.store.deleteValue(ns.seq, key);
  ex.empty(204);
}

/** Answers 413 for a value of `size` bytes (declared, or received before the refusal). */
function tooLarge(ex: Exchange, size: number): void {
  const problem = valueSizeProblem(size) ?? `a value is at most ${KV_MAX_VALUE_BYTES} bytes`;
  ex.error(
    413,
    KvErrorCodes.badRequest,
    "Value too large",
    `Invalid value size (at least ${size} bytes): ${problem}. Split it over several keys.`,
  );
}

/** The `ttl_secs` of a query string: `null` when absent, `undefined` after answering 400. */
function parseTtl(ex: Exchange, query: string): number | null | undefined {
  if (query === "") return null;
  const raw = new URLSearchParams(query).get("ttl_secs");
  if (raw === null) return null;
  // Digits only first (so "1.5" or "1e3" are refused), then core's range rule.
  const ttl = parseWholeNumber(raw);
  const problem = ttlSecondsProblem(ttl);
  if (ttl === undefined || problem !== undefined) {
    ex.error(
      400,
      KvErrorCodes.badRequest,
      "Invalid ttl_secs",
      `Invalid ttl_secs ${quote(raw)}: ${problem ?? "not a whole number"}.`,
    );
    return undefined;
  }
  return ttl;
}

/** Answers 409 when a TTL is asked of a namespace without TTL support (checked after the namespace exists). */
function refuseUnsupportedTtl(ex: Exchange, ctx: HandlerContext, ttl: number | null): boolean {
  if (ttl === null || ctx.ttlSupport) return false;
  ex.error(
    409,
    KvErrorCodes.resourceInUse,
    "TTL not supported",
    "This namespace was provisioned without TTL support. Store an expiry inside the value instead.",
  );
  return true;
}

/** `PUT …/keys/{key}`: stores the body verbatim; 201 created, 200 replaced, empty answer. */
export async function putKey(
  ex: Exchange,
  ctx: HandlerContext,
  rawId: string,
  rawKey: string,
  query: string,
): Promise<void> {
  const key = findKey(ex, rawKey, "write");
  if (key === undefined) return;
  const ttl = parseTtl(ex, query);
  if (ttl === undefined) return;
  if (!findReadyNamespace(ex, ctx, rawId)) return;
  if (refuseUnsupportedTtl(ex, ctx, ttl)) return;
  const body = await receiveBody(ex, KV_MAX_VALUE_BYTES, (size) => tooLarge(ex, size));
  if (body === undefined) return;
  // Look again: the namespace may have been deleted while the body streamed in.
  const ns = findReadyNamespace(ex, ctx, rawId);
  if (!ns) return;
  const contentType = ex.req.headers["content-type"] || KV_DEFAULT_CONTENT_TYPE;
  const now = ctx.now();
  const created = ctx.store.putValue(
    ns.seq,
    key,
    body,
    contentType,
    now,
    ttl === null ? null : now + ttl * 1000,
  );
  ex.empty(created ? 201 : 200);
}
