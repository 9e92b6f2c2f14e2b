import {
  CURSOR_PARAM,
  type KvQueryParamSpec,
  LIMIT_PARAM,
  PAGE_NUMBER_PARAM,
  PAGE_SIZE_PARAM,
  PREFIX_PARAM,
  TTL_SECS_PARAM,
} from "./query.js";

/** The four resources of the KV API. */
export type KvRouteName = "namespaces" | "namespace" | "keys" | "key";
/** Methods the API's operations use (`HEAD` rides on `GET`, `OPTIONS` is CORS). */
export type KvHttpMethod = "GET" | "POST" | "PUT" | "DELETE";
/** Every operation of the API, named as errors and logs name them. */
export type KvOperationName =
  | "namespaces.list"
  | "namespaces.create"
  | "namespaces.get"
  | "namespaces.delete"
  | "keys.list"
  | "keys.get"
  | "keys.put"
  | "keys.delete";

/** One operation: a method on a route, whether repeating it is safe, what it takes and what success looks like. */
export interface KvOperationSpec {
  readonly name: KvOperationName;
  readonly route: KvRouteName;
  readonly method: KvHttpMethod;
  /** False for requests that must not be sent twice (create). */
  readonly idempotent: boolean;
  readonly query: readonly KvQueryParamSpec[];
  /** What the request body is: nothing, a JSON document, or the raw value. */
  readonly body: "none" | "json" | "bytes";
  /**
   * The 2xx statuses the API answers it with, per docs/API-FACTS.md ([choice] where Telnyx does not publish
   * it). The emulator answers with these and `telnyx-kv doctor` expects them, so settling a [choice] status
   * is a change here; clients accept any 2xx.
   */
  readonly success: readonly number[];
}

/** One resource: its path template and the operations it answers. */
export interface KvRouteSpec {
  readonly name: KvRouteName;
  /** Relative to the API root (`…/v2`). */
  readonly template: string;
  readonly operations: Readonly<Partial<Record<KvHttpMethod, KvOperationSpec>>>;
}

/** `GET /storage/kvs?page[number]=&page[size]=`: one page of the account's namespaces. */
export const NAMESPACES_LIST: KvOperationSpec = {
  name: "namespaces.list",
  route: "namespaces",
  method: "GET",
  idempotent: true,
  query: [PAGE_NUMBER_PARAM, PAGE_SIZE_PARAM],
  body: "none",
  success: [200],
};

/** `POST /storage/kvs` with `{"name"}`: creates a namespace (not idempotent). */
export const NAMESPACES_CREATE: KvOperationSpec = {
  name: "namespaces.create",
  route: "namespaces",
  method: "POST",
  idempotent: false,
  query: [],
  body: "json",
  success: [201],
};

/** `GET /storage/kvs/{id}`: one namespace. */
export const NAMESPACES_GET: KvOperationSpec = {
  name: "namespaces.get",
  route: "namespace",
  method: "GET",
  idempotent: true,
  query: [],
  body: "none",
  success: [200],
};

/** `DELETE /storage/kvs/{id}`: starts deleting a namespace. */
export const NAMESPACES_DELETE: KvOperationSpec = {
  name: "namespaces.delete",
  route: "namespace",
  method: "DELETE",
  idempotent: true,
  query: [],
  body: "none",
  success: [200],
};

/** `GET /storage/kvs/{id}/keys?prefix=&cursor=&limit=`: one page of keys (never values). */
export const KEYS_LIST: KvOperationSpec = {
  name: "keys.list",
  route: "keys",
  method: "GET",
  idempotent: true,
  query: [PREFIX_PARAM, CURSOR_PARAM, LIMIT_PARAM],
  body: "none",
  success: [200],
};

/** `GET /storage/kvs/{id}/keys/{key}`: the raw value. */
export const KEYS_GET: KvOperationSpec = {
  name: "keys.get",
  route: "key",
  method: "GET",
  idempotent: true,
  query: [],
  body: "none",
  success: [200],
};

/** The statuses of a key PUT: 201 when it created the key, 200 when it replaced a value ([doc]). */
export const KV_PUT_STATUS = { created: 201, replaced: 200 } as const;

/** `PUT /storage/kvs/{id}/keys/{key}?ttl_secs=`: the body is the value (201 created, 200 updated). */
export const KEYS_PUT: KvOperationSpec = {
  name: "keys.put",
  route: "key",
  method: "PUT",
  idempotent: true,
  query: [TTL_SECS_PARAM],
  body: "bytes",
  success: [KV_PUT_STATUS.created, KV_PUT_STATUS.replaced],
};

/**
 * `DELETE /storage/kvs/{id}/keys/{key}`: succeeds whether or not the key exists. Its status is [choice]
 * (Telnyx does not publish it): 204, empty.
 */
export const KEYS_DELETE: KvOperationSpec = {
  name: "keys.delete",
  route: "key",
  method: "DELETE",
  idempotent: true,
  query: [],
  body: "none",
  success: [204],
};

/** Every operation of the API, by name. */
export const KV_OPERATIONS: Readonly<Record<KvOperationName, KvOperationSpec>> = {
  "namespaces.list": NAMESPACES_LIST,
  "namespaces.create": NAMESPACES_CREATE,
  "namespaces.get": NAMESPACES_GET,
  "namespaces.delete": NAMESPACES_DELETE,
  "keys.list": KEYS_LIST,
  "keys.get": KEYS_GET,
  "keys.put": KEYS_PUT,
  "keys.delete": KEYS_DELETE,
};

/** Every route of the API with its path template and operations. */
export const KV_ROUTES: Readonly<Record<KvRouteName, KvRouteSpec>> = {
  namespaces: {
    name: "namespaces",
    template: "/storage/kvs",
    operations: { GET: NAMESPACES_LIST, POST: NAMESPACES_CREATE },
  },
  namespace: {
    name: "namespace",
    template: "/storage/kvs/{namespaceId}",
    operations: { GET: NAMESPACES_GET, DELETE: NAMESPACES_DELETE },
  },
  keys: { name: "keys", template: "/storage/kvs/{namespaceId}/keys", operations: { GET: KEYS_LIST } },
  key: {
    name: "key",
    template: "/storage/kvs/{namespaceId}/keys/{key}",
    operations: { GET: KEYS_GET, PUT: KEYS_PUT, DELETE: KEYS_DELETE },
  },
};

/** The operation a method names on a route (`HEAD` as `GET`), or `undefined` when the route does not take it. */
export function kvOperationFor(routeName: KvRouteName, method: string): KvOperationSpec | undefined {
  const operations = KV_ROUTES[routeName].operations;
  const key = (method === "HEAD" ? "GET" : method) as KvHttpMethod;
  return Object.hasOwn(operations, key) ? operations[key] : undefined;
}

const ALLOW = /* @__PURE__ */ new Map<KvRouteName, string>();

/** The `Allow` header of a route's 405 answer: its methods, `HEAD` beside `GET`, and `OPTIONS`. */
export function kvAllowHeader(routeName: KvRouteName): string {
  let allow = ALLOW.get(routeName);
  if (allow === undefined) {
    const methods = Object.keys(KV_ROUTES[routeName].operations);
    allow = [...methods.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])), "OPTIONS"].join(", ");
    ALLOW.set(routeName, allow);
  }
  return allow;
}
