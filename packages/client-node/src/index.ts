// Everything of core, so users install one package; the local exports below shadow core's
// `createKvClient` and `KvClient` with their Node versions.
export * from "@telnyx-kv/core";
export {
  createKvBinding,
  type KvBinding,
  type KvBindingGetOptions,
  type KvBindingListOptions,
  type KvBindingListResult,
  type KvBindingPutOptions,
} from "./binding.js";
export { bindingEnvVar, type KvLoadBindingsOptions, loadBindings } from "./bindings.js";
export {
  KV_BULK_RATE_LIMIT_REQUEUES,
  KV_DEFAULT_BULK_CONCURRENCY,
  type KvBulkOptions,
  type KvBulkProgress,
  type KvBulkResult,
} from "./bulk.js";
export { createKvClient, KvClient, type KvNodeClient, type KvNodeClientOptions } from "./client.js";
export type { KvFileInfo } from "./files.js";
export { KvAdaptiveLimiter, type KvLimiterOptions, type KvLimiterState } from "./limiter.js";
export { createConsoleLogger } from "./logger.js";
export type {
  KvGetManyOptions,
  KvGetManyType,
  KvNodeNamespaceClient,
  KvPutManyEntry,
} from "./namespace-client.js";
export { type KvProxyEnv, matchesNoProxy, resolveProxy } from "./no-proxy.js";
export {
  createKvProxy,
  type KvNodeHandler,
  type KvProxyAllow,
  type KvProxyHandler,
  type KvProxyMethod,
  type KvProxyOptions,
  toNodeHandler,
} from "./proxy.js";
export { createUndiciFetch } from "./undici-fetch.js";
export type { KvNodePutValue } from "./values.js";
