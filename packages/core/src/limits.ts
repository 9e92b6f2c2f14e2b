/** Documented limits and codes of the Telnyx KV API, in one place for the clients and the emulator. */

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
/** The API's default `page[size]` of a namespace listing (the clients ask for the largest). */
export const KV_DEFAULT_PAGE_SIZE = 20;
/** Largest `page[size]` of a namespace listing; larger values are served as this. */
export const KV_MAX_PAGE_SIZE = 250;
/** Content type stored when a write names none. */
export const KV_DEFAULT_CONTENT_TYPE = "application/octet-stream";
