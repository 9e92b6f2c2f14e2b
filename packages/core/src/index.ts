export type { KvAttemptHooks, KvAttemptInfo, KvAttemptOutcome } from "./attempt-hooks.js";
export { KV_DEFAULT_BASE_URL, normalizeBaseUrl } from "./base-url.js";
export { createByteCap, type KvByteCap, readCapped } from "./capped-stream.js";
export { createKvClient, type KvClientOptions } from "./client.js";
export * from "./errors.js";
export * from "./limits.js";
export { createKvNamespace, type KvNamespaceOptions } from "./namespace.js";
export { createKvPacer, KvPacer, type KvPacerOptions, type KvPacerState } from "./pacer.js";
export {
  type KvKeyPageFetcher,
  type KvNamespacePageFetcher,
  paginateKeys,
  paginateNamespaces,
} from "./pagination.js";
export * from "./protocol/index.js";
export { quoteInput, redactText, redactUrl } from "./redact.js";
export * from "./retry.js";
export type { KvLogger } from "./transport.js";
export type * from "./types.js";
export * from "./validate.js";
export { PACKAGE_VERSION as VERSION } from "./version.js";
export {
  type KvHeaderReader,
  type KvRateLimitReading,
  rateLimitResetMs,
  readRateLimitHeaders,
  retryHintMs,
} from "./wait-hints.js";
export type * from "./wire.js";
