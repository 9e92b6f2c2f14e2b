// The wire protocol of Telnyx KV, declared once (`@telnyx-kv/core/protocol`): routes and operations, query
// rules, the error catalogue and envelope, the answers' shapes, the rate-limit headers and wait hints, and
// the API's limits and validation rules. The emulator, the proxy and the doctor read it from here.
export { KV_DEFAULT_BASE_URL } from "../base-url.js";
export {
  KV_DEFAULT_CONTENT_TYPE,
  KV_DEFAULT_PAGE_SIZE,
  KV_KEY_PATTERN,
  KV_MAX_KEY_LENGTH,
  KV_MAX_LIST_LIMIT,
  KV_MAX_PAGE_SIZE,
  KV_MAX_TTL_SECONDS,
  KV_MAX_VALUE_BYTES,
  KV_NAMESPACE_NAME_PATTERN,
  KV_UUID_PATTERN,
} from "../limits.js";
export {
  type KvKeyAccess,
  keyProblem,
  listLimitProblem,
  namespaceIdProblem,
  namespaceNameProblem,
  prefixProblem,
  ttlSecondsProblem,
  validateKey,
  validateListLimit,
  validateNamespaceId,
  validateNamespaceName,
  validatePageSize,
  validatePrefix,
  validateTtlSeconds,
  validateValueSize,
  valueSizeProblem,
} from "../validate.js";
export {
  type KvHeaderReader,
  type KvRateLimitReading,
  rateLimitResetMs,
  readRateLimitHeaders,
  retryHintMs,
} from "../wait-hints.js";
export type {
  KvCreateNamespaceBody,
  KvKeyListEnvelope,
  KvKeyRecord,
  KvNamespaceEnvelope,
  KvNamespaceListEnvelope,
  KvNamespaceRecord,
  KvNamespaceStatus,
  KvPageMeta,
} from "../wire.js";
export {
  buildErrorEnvelope,
  KV_ERRORS,
  type KvErrorCode,
  type KvErrorEnvelope,
  type KvErrorName,
  type KvErrorSpec,
  type KvWireError,
  kvErrorForStatus,
  parseErrorEnvelope,
} from "./errors.js";
export {
  decodePathSegment,
  KV_API_VERSION_SEGMENT,
  type KvPathMatch,
  keyPath,
  keysPath,
  matchKvPath,
  namespacePath,
  namespacesPath,
} from "./paths.js";
export {
  CURSOR_PARAM,
  type KvQueryParamSpec,
  LIMIT_PARAM,
  PAGE_NUMBER_PARAM,
  PAGE_SIZE_PARAM,
  PREFIX_PARAM,
  parseWholeNumber,
  TTL_SECS_PARAM,
} from "./query.js";
export { KV_RATE_LIMIT_HEADERS, rateLimitHeaders } from "./rate-limit.js";
export {
  KEYS_DELETE,
  KEYS_GET,
  KEYS_LIST,
  KEYS_PUT,
  KV_OPERATIONS,
  KV_PUT_STATUS,
  KV_ROUTES,
  type KvHttpMethod,
  type KvOperationName,
  type KvOperationSpec,
  type KvRouteName,
  type KvRouteSpec,
  kvAllowHeader,
  kvOperationFor,
  NAMESPACES_CREATE,
  NAMESPACES_DELETE,
  NAMESPACES_GET,
  NAMESPACES_LIST,
} from "./routes.js";
export {
  keyListProblem,
  namespaceEnvelopeProblem,
  namespaceListProblem,
  namespaceRecordProblem,
} from "./shapes.js";
