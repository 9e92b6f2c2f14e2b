import {
  CURSOR_PARAM,
  KV_MAX_LIST_LIMIT,
  type KvKeyListEnvelope,
  LIMIT_PARAM,
  PREFIX_PARAM,
} from "@telnyx-kv/core/protocol";
import type { HandlerContext, RequestTarget } from "../context.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { Exchange } from "../exchange.js";
import { problem } from "../problem.js";
import { isoNanos } from "../time.js";
import { findReadyNamespace, queryValue, wholeQueryValue } from "./common.js";

/** The smallest string greater than every string starting with `prefix` (keys are ASCII, so +1 on the last). */
export function prefixSuccessor(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** `GET …/keys?prefix=&cursor=&limit=`: one seek per page, `limit + 1` rows fetched to learn `has_more`. */
export function listKeys(ex: Exchange, ctx: HandlerContext, { rawId, query }: RequestTarget): void {
  const params = new URLSearchParams(query);
  const prefix = queryValue(params, PREFIX_PARAM) ?? "";
  // A larger limit is clamped to 1000, not refused.
  const limit = Math.min(wholeQueryValue(params, LIMIT_PARAM, KV_MAX_LIST_LIMIT), KV_MAX_LIST_LIMIT);
  // The table cannot judge a cursor (it is opaque); the emulator, which issued it, can.
  const rawCursor = queryValue(params, CURSOR_PARAM);
  let after: string | undefined;
  if (rawCursor) {
    after = decodeCursor(rawCursor);
    if (after === undefined)
      throw problem("badRequest", "Invalid cursor: pass back meta.cursor of the previous page unchanged.");
  }
  const ns = findReadyNamespace(ex, ctx, rawId);
  const rows = ctx.store.listKeys(ns.seq, {
    after,
    from: prefix === "" ? undefined : prefix,
    before: prefix === "" ? undefined : prefixSuccessor(prefix),
    limit: limit + 1,
    now: ctx.now(),
  });
  const hasMore = rows.length > limit;
  if (hasMore) rows.length = limit;
  const body: KvKeyListEnvelope = {
    record_type: "storage_kv_key",
    data: rows.map((row) => ({
      key: row.key,
      size_bytes: row.sizeBytes,
      updated_at: isoNanos(row.updatedAt),
    })),
    meta: hasMore
      ? { has_more: true, cursor: encodeCursor(rows[rows.length - 1]!.key) }
      : { has_more: false },
  };
  ex.json(200, body);
}
