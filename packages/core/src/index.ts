export { createKvClient, type KvClientOptions, normalizeBaseUrl } from "./client.js";
export * from "./errors.js";
export { parseErrorEnvelope } from "./http-error.js";
export * from "./limits.js";
export {
  type KvKeyPageFetcher,
  type KvNamespacePageFetcher,
  paginateKeys,
  paginateNamespaces,
} from "./pagination.js";
export { redactText, redactUrl } from "./redact.js";
export * from "./retry.js";
export type { KvLogger } from "./transport.js";
export type * from "./types.js";
export * from "./validate.js";
export { PACKAGE_VERSION as VERSION } from "./version.js";
export type * from "./wire.js";
