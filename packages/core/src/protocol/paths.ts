/** Building and matching the API's paths: one rule for clients, the emulator and the proxy. */

/** The version segment the API root ends with (`https://api.telnyx.com/v2`). */
export const KV_API_VERSION_SEGMENT = "v2";

const COLLECTION = "/storage/kvs";

/** Path of the namespace collection, relative to the base URL. */
export function namespacesPath(): string {
  return "storage/kvs";
}

/** Path of one namespace. */
export function namespacePath(namespaceId: string): string {
  return `storage/kvs/${encodeURIComponent(namespaceId)}`;
}

/** Path of a namespace's key collection. */
export function keysPath(namespaceId: string): string {
  return `${namespacePath(namespaceId)}/keys`;
}

/** Path of one key; `/` inside the key travels as `%2F`, as the official Node SDK sends it. */
export function keyPath(namespaceId: string, key: string): string {
  return `${keysPath(namespaceId)}/${encodeURIComponent(key)}`;
}

/** The route a path below the API root addresses; ids and keys are still percent-encoded. */
export type KvPathMatch =
  | { route: "namespaces" }
  | { route: "namespace"; rawId: string }
  | { route: "keys"; rawId: string }
  | { route: "key"; rawId: string; rawKey: string };

/**
 * Matches a path below the API root (`/storage/kvs/…`, no `/v2`, no query) to its route, or `undefined`.
 * Paths match exactly: a trailing slash after the collection or a namespace id names no endpoint.
 * Everything after `/keys/` is the key, a raw `/` included (the Go SDK sends it raw); it may be empty,
 * which the key rules then refuse. Written without regular expressions: it runs on every request.
 */
export function matchKvPath(path: string): KvPathMatch | undefined {
  if (!path.startsWith(COLLECTION)) return undefined;
  const rest = path.slice(COLLECTION.length);
  if (rest === "") return { route: "namespaces" };
  if (rest.charCodeAt(0) !== 47 /* / */ || rest.length === 1) return undefined;
  const slash = rest.indexOf("/", 1);
  if (slash === -1) return { route: "namespace", rawId: rest.slice(1) };
  const rawId = rest.slice(1, slash);
  const tail = rest.slice(slash);
  if (tail === "/keys") return { route: "keys", rawId };
  if (tail.startsWith("/keys/")) return { route: "key", rawId, rawKey: tail.slice(6) };
  return undefined;
}

/** Percent-decodes a raw path segment exactly once; `undefined` when its encoding is invalid. */
export function decodePathSegment(raw: string): string | undefined {
  if (raw.indexOf("%") === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
