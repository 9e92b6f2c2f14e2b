import { KV_MAX_LIST_LIMIT, KvErrorCodes, type KvKeyListEnvelope, prefixProblem } from "@telnyx-kv/core";
import type { HandlerContext } from "../context.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { Exchange } from "../exchange.js";
import { positiveParam } from "../params.js";
import { isoNanos } from "../time.js";
import { findReadyNamespace } from "./common.js";

/** The smallest string greater than every string starting with `prefix` (keys are ASCII, so +1 on the last). */
export function prefixSuccessor(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

function badParam(ex: Exchange, title: string, detail: string): void {
  ex.error(400, KvErrorCodes.badRequest, title, detail);
}

/** `GET …/keys?prefix=&cursor=&limit=`: one seek per page, `limit + 1` rows fetched to learn `has_more`. */
export function listKeys(ex: Exchange, ctx: HandlerContext, rawId: string, query: string): void {
  const params = new URLSearchParams(query);
  const prefix = params.get("prefix") ?? "";
  const problem = prefixProblem(prefix);
  if (problem) {
    badParam(ex, "Invalid prefix", `Invalid prefix: ${problem}.`);
    return;
  }
  const requested = positiveParam(params, "limit", KV_MAX_LIST_LIMIT);
  if (requested === undefined) {
    badParam(ex, "Invalid limit", `limit must be a whole number from 1 to ${KV_MAX_LIST_LIMIT}.`);
    return;
  }
  // A larger limit is clamped to 1000, not refused.
  const limit = Math.min(requested, KV_MAX_LIST_LIMIT);
  const rawCursor = params.get("cursor");
  let after: string | undefined;
  if (rawCursor) {
    after = decodeCursor(rawCursor);
    if (after === undefined) {
      badParam(ex, "Invalid cursor", "Pass back meta.cursor of the previous page unchanged.");
      return;
    }
  }
  const ns = findReadyNamespace(ex, ctx, rawId);
  if (!ns) return;
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
