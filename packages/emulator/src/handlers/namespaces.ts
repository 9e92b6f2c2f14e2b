import { randomUUID } from "node:crypto";
import {
  KV_DEFAULT_PAGE_SIZE,
  KV_MAX_PAGE_SIZE,
  KvErrorCodes,
  type KvNamespaceListEnvelope,
  namespaceNameProblem,
} from "@telnyx-kv/core";
import { receiveBody } from "../body.js";
import type { HandlerContext } from "../context.js";
import type { Exchange } from "../exchange.js";
import { namespaceRecord, statusAt } from "../namespace-view.js";
import { positiveParam } from "../params.js";
import { findNamespace, quote } from "./common.js";

// A create body is `{"name":"…"}`; anything near this size is not one.
const MAX_CREATE_BODY = 64 * 1024;
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

function badBody(ex: Exchange, detail: string): void {
  ex.error(400, KvErrorCodes.badRequest, "Invalid request body", detail);
}

/** The `name` of a create body, or `undefined` after answering 400 / 413. */
async function readName(ex: Exchange): Promise<string | undefined> {
  const type = ex.req.headers["content-type"];
  if (type !== undefined && !JSON_TYPE.test(type)) {
    badBody(ex, `Content-Type must be application/json, got ${quote(type)}.`);
    return undefined;
  }
  const body = await receiveBody(ex, MAX_CREATE_BODY, () =>
    ex.error(413, KvErrorCodes.badRequest, "Request body too large", 'Send {"name":"my-cache"}.'),
  );
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    badBody(ex, 'The body is not valid JSON. Send {"name":"my-cache"}.');
    return undefined;
  }
  const name =
    typeof parsed === "object" && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  const problem = namespaceNameProblem(name);
  if (problem) {
    badBody(ex, `Invalid name: ${problem}. Use lowercase letters, digits and hyphens, e.g. "my-cache".`);
    return undefined;
  }
  return name as string;
}

/** `POST /storage/kvs`: 201 with status `pending`; the name is unique within the account. */
export async function createNamespace(ex: Exchange, ctx: HandlerContext): Promise<void> {
  const name = await readName(ex);
  if (name === undefined) return;
  const now = ctx.now();
  // The store frees the names of namespaces gone by `createdAt`.
  const ns = ctx.store.createNamespace({
    id: randomUUID(),
    account: ex.account,
    name,
    createdAt: now,
    readyAt: now + ctx.provisionDelayMs,
  });
  if (!ns) {
    ex.error(
      409,
      KvErrorCodes.duplicateResource,
      "Duplicate namespace",
      `A namespace named ${quote(name)} exists.`,
    );
    return;
  }
  ex.namespaceId = ns.id;
  ex.json(201, { data: namespaceRecord(ns, now, "pending") });
}

/** `GET /storage/kvs?page[number]=&page[size]=`: oldest first; a size above 250 is served as 250. */
export function listNamespaces(ex: Exchange, ctx: HandlerContext, query: string): void {
  const params = new URLSearchParams(query);
  const number = positiveParam(params, "page[number]", 1);
  const size = positiveParam(params, "page[size]", KV_DEFAULT_PAGE_SIZE);
  if (number === undefined || size === undefined) {
    ex.error(
      400,
      KvErrorCodes.badRequest,
      "Invalid page parameters",
      `page[number] is a whole number of at least 1; page[size] is a whole number from 1 to ${KV_MAX_PAGE_SIZE}.`,
    );
    return;
  }
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
export function getNamespace(ex: Exchange, ctx: HandlerContext, rawId: string): void {
  const ns = findNamespace(ex, ctx, rawId);
  if (ns) ex.json(200, { data: namespaceRecord(ns, ctx.now()) });
}

/** `DELETE /storage/kvs/{id}`: 200 with status `deleting`, gone after the delete delay; 409 when already deleting. */
export function deleteNamespace(ex: Exchange, ctx: HandlerContext, rawId: string): void {
  const ns = findNamespace(ex, ctx, rawId);
  if (!ns) return;
  const now = ctx.now();
  if (statusAt(ns, now) === "deleting") {
    ex.error(
      409,
      KvErrorCodes.resourceInUse,
      "Namespace is being deleted",
      `Namespace ${ns.id} is already deleting.`,
    );
    return;
  }
  ctx.store.markDeleting(ns.seq, now, now + ctx.deleteDelayMs);
  const deleting = { ...ns, deleteAt: now, goneAt: now + ctx.deleteDelayMs };
  ex.json(200, { data: namespaceRecord(deleting, now, "deleting") });
}
