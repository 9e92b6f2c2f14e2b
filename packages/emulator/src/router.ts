/** Splits a request target into a route without regular expressions or URL objects (the hot path). */

const COLLECTION = "/v2/storage/kvs";

/** Where a request goes; ids and keys are still percent-encoded. */
export type Route =
  | { kind: "namespaces" }
  | { kind: "namespace"; rawId: string }
  | { kind: "keys"; rawId: string }
  | { kind: "key"; rawId: string; rawKey: string }
  | { kind: "unknown" };

/** Methods each route answers, for `405` and its `Allow` header. */
export const ALLOWED_METHODS: Record<Exclude<Route["kind"], "unknown">, string> = {
  namespaces: "GET, HEAD, POST, OPTIONS",
  namespace: "GET, HEAD, DELETE, OPTIONS",
  keys: "GET, HEAD, OPTIONS",
  key: "GET, HEAD, PUT, DELETE, OPTIONS",
};

/** The route of a path (query already removed). Everything after `/keys/` is the key, raw `/` included. */
export function route(path: string): Route {
  if (!path.startsWith(COLLECTION)) return { kind: "unknown" };
  const rest = path.slice(COLLECTION.length);
  if (rest === "" || rest === "/") return { kind: "namespaces" };
  if (rest.charCodeAt(0) !== 47 /* / */) return { kind: "unknown" };
  const slash = rest.indexOf("/", 1);
  if (slash === -1) return { kind: "namespace", rawId: rest.slice(1) };
  const rawId = rest.slice(1, slash);
  const tail = rest.slice(slash);
  if (tail === "/") return { kind: "namespace", rawId };
  if (tail === "/keys") return { kind: "keys", rawId };
  if (tail.startsWith("/keys/")) return { kind: "key", rawId, rawKey: tail.slice(6) };
  return { kind: "unknown" };
}

/** Percent-decodes a path segment once; `undefined` when the encoding is invalid. */
export function decodeSegment(raw: string): string | undefined {
  if (raw.indexOf("%") === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
