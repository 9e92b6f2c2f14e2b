import {
  KV_ROUTES,
  type KvOperationName,
  type KvPathMatch,
  kvAllowHeader,
  kvOperationFor,
} from "@telnyx-kv/core/protocol";
import { quoteInput } from "@telnyx-kv/core/transport";
import type { HandlerContext, RequestTarget } from "./context.js";
import type { Exchange } from "./exchange.js";
import { deleteKey, getKey, putKey } from "./handlers/keys.js";
import { listKeys } from "./handlers/list-keys.js";
import { createNamespace, deleteNamespace, getNamespace, listNamespaces } from "./handlers/namespaces.js";
import { type KvProblem, problem } from "./problem.js";
import { API_ROOT, matchRequestPath } from "./router.js";

type Handler = (ex: Exchange, ctx: HandlerContext, target: RequestTarget) => void | Promise<void>;

/** The handler of every operation in core's protocol table: adding an endpoint adds one line here. */
const HANDLERS: Readonly<Record<KvOperationName, Handler>> = {
  "namespaces.list": listNamespaces,
  "namespaces.create": createNamespace,
  "namespaces.get": getNamespace,
  "namespaces.delete": deleteNamespace,
  "keys.list": listKeys,
  "keys.get": getKey,
  "keys.put": putKey,
  "keys.delete": deleteKey,
};

/** The 404 of a path no route matches; a trailing slash gets told to go (paths match exactly). */
function noRoute(path: string): KvProblem {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : undefined;
  if (trimmed !== undefined && matchRequestPath(trimmed) !== undefined) {
    return problem(
      "notFound",
      `No endpoint at ${quoteInput(path)}: paths match exactly, drop the trailing slash (${quoteInput(trimmed)}).`,
    );
  }
  return problem(
    "notFound",
    `No endpoint at ${quoteInput(path)}. KV endpoints live under ${API_ROOT}${KV_ROUTES.namespaces.template}.`,
  );
}

function targetOf(match: KvPathMatch, query: string): RequestTarget {
  return {
    rawId: match.route === "namespaces" ? "" : match.rawId,
    rawKey: match.route === "key" ? match.rawKey : "",
    query,
  };
}

/** Routes an authenticated request through the protocol table to its operation's handler. */
export function dispatch(
  ex: Exchange,
  ctx: HandlerContext,
  path: string,
  query: string,
): void | Promise<void> {
  const match = matchRequestPath(path);
  if (match === undefined) throw noRoute(path);
  const method = ex.req.method ?? "GET";
  const operation = kvOperationFor(match.route, method);
  if (operation === undefined) {
    const allow = kvAllowHeader(match.route);
    throw problem("methodNotAllowed", `${method} is not allowed here. Allowed: ${allow}.`, { allow });
  }
  return HANDLERS[operation.name](ex, ctx, targetOf(match, query));
}
