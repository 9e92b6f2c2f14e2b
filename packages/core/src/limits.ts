/** Documented limits and codes of the Telnyx KV API, in one place for the clients and the emulator. */

/** Default API root; paths below are relative to it. */
export const KV_DEFAULT_BASE_URL = "https://api.telnyx.com/v2";

/** Largest value the API stores: 1 MiB. */
export const KV_MAX_VALUE_BYTES = 1_048_576;
/** Longest key, in characters. */
export const KV_MAX_KEY_LENGTH = 256;
/** Characters a key may use. */
export const KV_KEY_PATTERN = /^[-/_=.a-zA-Z0-9]+$/;
/** Characters a namespace name may use. */
export const KV_NAMESPACE_NAME_PATTERN = /^[a-z0-9-]+$/;
/** A namespace id is a UUID (any version). */
export const KV_UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Largest `ttl_secs` the API accepts. */
export const KV_MAX_TTL_SECONDS = 9_223_372_036;
/** Largest (and default) `limit` of a key listing. */
export const KV_MAX_LIST_LIMIT = 1000;
/** Default and largest `page[size]` of a namespace listing. */
export const KV_DEFAULT_PAGE_SIZE = 20;
export const KV_MAX_PAGE_SIZE = 250;
/** Content type stored when a write names none. */
export const KV_DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** The error codes of Telnyx's catalogue that KV answers with. */
export const KvErrorCodes = {
  missingParameter: "10004",
  notFound: "10005",
  invalidId: "10006",
  unexpected: "10007",
  requestTimeout: "10008",
  authenticationFailed: "10009",
  authorizationFailed: "10010",
  tooManyRequests: "10011",
  duplicateResource: "10012",
  badRequest: "10015",
  resourceInUse: "10021",
} as const;

/** A code of {@link KvErrorCodes}. */
export type KvErrorCode = (typeof KvErrorCodes)[keyof typeof KvErrorCodes];

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
