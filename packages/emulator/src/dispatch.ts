import { KvErrorCodes } from "@telnyx-kv/core";
import type { HandlerContext } from "./context.js";
import type { Exchange } from "./exchange.js";
import { quote } from "./handlers/common.js";
import { deleteKey, getKey, putKey } from "./handlers/keys.js";
import { listKeys } from "./handlers/list-keys.js";
import { createNamespace, deleteNamespace, getNamespace, listNamespaces } from "./handlers/namespaces.js";
import { ALLOWED_METHODS, type Route, route } from "./router.js";

function notAllowed(ex: Exchange, kind: Exclude<Route["kind"], "unknown">, method: string): void {
  const allow = ALLOWED_METHODS[kind];
  ex.error(
    405,
    KvErrorCodes.badRequest,
    "Method not allowed",
    `${method} is not allowed here. Allowed: ${allow}.`,
    {
      allow,
    },
  );
}

/** Routes an authenticated request to its endpoint handler. */
export function dispatch(
  ex: Exchange,
  ctx: HandlerContext,
  path: string,
  query: string,
): void | Promise<void> {
  const method = ex.req.method ?? "GET";
  const read = method === "GET" || method === "HEAD";
  const target = route(path);
  switch (target.kind) {
    case "key":
      if (read) return getKey(ex, ctx, target.rawId, target.rawKey);
      if (method === "PUT") return putKey(ex, ctx, target.rawId, target.rawKey, query);
      if (method === "DELETE") return deleteKey(ex, ctx, target.rawId, target.rawKey);
      return notAllowed(ex, target.kind, method);
    case "keys":
      if (read) return listKeys(ex, ctx, target.rawId, query);
      return notAllowed(ex, target.kind, method);
    case "namespace":
      if (read) return getNamespace(ex, ctx, target.rawId);
      if (method === "DELETE") return deleteNamespace(ex, ctx, target.rawId);
      return notAllowed(ex, target.kind, method);
    case "namespaces":
      if (read) return listNamespaces(ex, ctx, query);
      if (method === "POST") return createNamespace(ex, ctx);
      return notAllowed(ex, target.kind, method);
    default:
      ex.error(
        404,
        KvErrorCodes.notFound,
        "Not found",
        `No endpoint at ${quote(path)}. KV endpoints live under /v2/storage/kvs.`,
      );
  }
}
