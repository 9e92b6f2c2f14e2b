import {
  KEYS_DELETE,
  KEYS_GET,
  KV_DEFAULT_CONTENT_TYPE,
  KV_MAX_VALUE_BYTES,
  KV_PUT_STATUS,
  parseWholeNumber,
  TTL_SECS_PARAM,
  valueSizeProblem,
} from "@telnyx-kv/core/protocol";
import { receiveBody } from "../body.js";
import type { HandlerContext, RequestTarget } from "../context.js";
import type { Exchange } from "../exchange.js";
import { type KvProblem, problem } from "../problem.js";
import { findKey, findReadyNamespace, queryValue } from "./common.js";

/** `GET …/keys/{key}`: the stored bytes with their content type. */
export function getKey(ex: Exchange, ctx: HandlerContext, { rawId, rawKey }: RequestTarget): void {
  const key = findKey(ex, rawKey, "read");
  const ns = findReadyNamespace(ex, ctx, rawId);
  const stored = ctx.store.getValue(ns.seq, key, ctx.now());
  if (!stored) throw problem("notFound", `Key ${JSON.stringify(key)} does not exist or expired.`);
  ex.bytes(KEYS_GET.success[0] as number, stored.contentType, stored.value);
}

/** `DELETE …/keys/{key}`: the table's status (a [choice]: 204) whether or not the key existed. */
export function deleteKey(ex: Exchange, ctx: HandlerContext, { rawId, rawKey }: RequestTarget): void {
  const key = findKey(ex, rawKey, "write");
  const ns = findReadyNamespace(ex, ctx, rawId);
  ctx.store.deleteValue(ns.seq, key);
  // Read from core's protocol table, which the doctor check reads too: settling the [choice] is one edit there.
  ex.empty(KEYS_DELETE.success[0] as number);
}

/** The 413 problem of a value of `size` bytes (declared, or received before the refusal). */
function tooLarge(size: number): KvProblem {
  const reason = valueSizeProblem(size) ?? `a value is at most ${KV_MAX_VALUE_BYTES} bytes`;
  return problem(
    "payloadTooLarge",
    `Invalid value size (at least ${size} bytes): ${reason}. Split it over several keys.`,
  );
}

/** The `ttl_secs` of a query string, `null` when absent; the table's rule (digits, 1..max) refuses with 400. */
function parseTtl(query: string): number | null {
  if (query === "") return null;
  const raw = queryValue(new URLSearchParams(query), TTL_SECS_PARAM);
  return raw === undefined ? null : (parseWholeNumber(raw) ?? null);
}

/**
 * `PUT …/keys/{key}`: stores the body verbatim; 201 created, 200 replaced, empty answer. Not `async`: what
 * can be refused before the body arrives throws synchronously, so it is answered at once (see pipeline.ts).
 */
export function putKey(ex: Exchange, ctx: HandlerContext, target: RequestTarget): Promise<void> {
  const key = findKey(ex, target.rawKey, "write");
  const ttl = parseTtl(target.query);
  findReadyNamespace(ex, ctx, target.rawId);
  // Checked after the namespace is found, so a missing or pending namespace answers 404 / 409 first.
  if (ttl !== null && !ctx.ttlSupport) {
    throw problem(
      "resourceInUse",
      "This namespace was provisioned without TTL support. Store an expiry inside the value instead.",
    );
  }
  return receiveBody(ex, KV_MAX_VALUE_BYTES, tooLarge).then((body) => {
    // Look again: the namespace may have been deleted while the body streamed in.
    const ns = findReadyNamespace(ex, ctx, target.rawId);
    const contentType = ex.req.headers["content-type"] || KV_DEFAULT_CONTENT_TYPE;
    const now = ctx.now();
    const expiresAt = ttl === null ? null : now + ttl * 1000;
    const created = ctx.store.putValue(ns.seq, key, body, contentType, now, expiresAt);
    ex.empty(created ? KV_PUT_STATUS.created : KV_PUT_STATUS.replaced);
  });
}
