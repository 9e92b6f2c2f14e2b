import { randomUUID } from "node:crypto";
import {
  KV_DEFAULT_PAGE_SIZE,
  KV_MAX_PAGE_SIZE,
  type KvNamespaceListEnvelope,
  NAMESPACES_CREATE,
  NAMESPACES_DELETE,
  NAMESPACES_GET,
  namespaceNameProblem,
  PAGE_NUMBER_PARAM,
  PAGE_SIZE_PARAM,
} from "@telnyx-kv/core/protocol";
import { quoteInput } from "@telnyx-kv/core/transport";
import { receiveBody } from "../body.js";
import type { HandlerContext, RequestTarget } from "../context.js";
import type { Exchange } from "../exchange.js";
import { namespaceRecord, statusAt } from "../namespace-view.js";
import { type KvProblem, problem } from "../problem.js";
import { findNamespace, wholeQueryValue } from "./common.js";

// A create body is `{"name":"…"}`; anything near this size is not one.
const MAX_CREATE_BODY = 64 * 1024;
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/** The `name` of a create body; throws 400 for anything else. */
function nameOf(body: Buffer): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw problem("badRequest", 'The body is not valid JSON. Send {"name":"my-cache"}.');
  }
  const name =
    typeof parsed === "object" && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  const reason = namespaceNameProblem(name);
  if (reason)
    throw problem(
      "badRequest",
      `Invalid name: ${reason}. Use lowercase letters, digits and hyphens, e.g. "my-cache".`,
    );
  return name as string;
}

const tooLarge = (): KvProblem =>
  problem("payloadTooLarge", 'The request body is too large for a create. Send {"name":"my-cache"}.');

/**
 * `POST /storage/kvs`: 201 with status `pending`; the name is unique within the account. Not `async`: a
 * wrong content type throws synchronously, so it is answered at once (see pipeline.ts).
 */
export function createNamespace(ex: Exchange, ctx: HandlerContext): Promise<void> {
  const type = ex.req.headers["content-type"];
  if (type !== undefined && !JSON_TYPE.test(type))
    throw problem("badRequest", `Content-Type must be application/json, got ${quoteInput(type)}.`);
  return receiveBody(ex, MAX_CREATE_BODY, tooLarge).then((body) => {
    const name = nameOf(body);
    const now = ctx.now();
    // The store frees the names of namespaces gone by `createdAt`.
    const ns = ctx.store.createNamespace({
      id: randomUUID(),
      account: ex.account,
      name,
      createdAt: now,
      readyAt: now + ctx.provisionDelayMs,
    });
    if (!ns) throw problem("duplicateResource", `A namespace named ${quoteInput(name)} exists.`);
    ex.namespaceId = ns.id;
    ex.json(NAMESPACES_CREATE.success[0] as number, { data: namespaceRecord(ns, now, "pending") });
  });
}

/** `GET /storage/kvs?page[number]=&page[size]=`: oldest first; a size above 250 is served as 250. */
export function listNamespaces(ex: Exchange, ctx: HandlerContext, { query }: RequestTarget): void {
  const params = new URLSearchParams(query);
  const number = wholeQueryValue(params, PAGE_NUMBER_PARAM, 1);
  const size = wholeQueryValue(params, PAGE_SIZE_PARAM, KV_DEFAULT_PAGE_SIZE);
  // A larger page[size] is clamped to 250, not refused.
  const pageSize = Math.min(size, KV_MAX_PAGE_SIZE);
  const now = ctx.now();
  const offset = Math.min((number - 1) * pageSize, Number.MAX_SAFE_INTEGER);
  const { rows, total } = ctx.store.listNamespaces(ex.account, offset, pageSize, now);
  const body: KvNamespaceListEnvelope = {
    data: rows.map((ns) => namespaceRecord(ns, now)),
    meta: {
      page_number: number,
      page_size: pageSize,
      total_pages: Math.ceil(total / pageSize),
      total_results: total,
    },
  };
  ex.json(200, body);
}

/** `GET /storage/kvs/{id}`. */
export function getNamespace(ex: Exchange, ctx: HandlerContext, { rawId }: RequestTarget): void {
  const ns = findNamespace(ex, ctx, rawId);
  ex.json(NAMESPACES_GET.success[0] as number, { data: namespaceRecord(ns, ctx.now()) });
}

/** `DELETE /storage/kvs/{id}`: 200 with status `deleting`, gone after the delete delay; 409 when already deleting. */
export function deleteNamespace(ex: Exchange, ctx: HandlerContext, { rawId }: RequestTarget): void {
  const ns = findNamespace(ex, ctx, rawId);
  const now = ctx.now();
  if (statusAt(ns, now) === "deleting")
    throw problem("resourceInUse", `Namespace ${ns.id} is already deleting; it answers 404 once gone.`);
  ctx.store.markDeleting(ns.seq, now, now + ctx.deleteDelayMs);
  const deleting = { ...ns, deleteAt: now, goneAt: now + ctx.deleteDelayMs };
  ex.json(NAMESPACES_DELETE.success[0] as number, { data: namespaceRecord(deleting, now, "deleting") });
}
