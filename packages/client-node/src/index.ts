// Everything of core, so users install one package; the local exports below shadow core's
// `createKvClient` and `KvClient` with their Node versions.
export * from "@telnyx-kv/core";
export {
  KV_DEFAULT_BULK_CONCURRENCY,
  type KvBulkOptions,
  type KvBulkProgress,
  type KvBulkResult,
} from "./bulk.js";
export { createKvClient, KvClient, type KvNodeClient, type KvNodeClientOptions } from "./client.js";
export {
  createKvBinding,
  type KvBinding,
  type KvBindingGetOptions,
  type KvBindingListOptions,
  type KvBindingListResult,
  type KvBindingPutOptions,
} from "./edge-binding.js";
export type { KvFileInfo } from "./files.js";
export {
  bindingEnvVar,
  type KvLoadBindingIdsOptions,
  type KvLoadBindingsOptions,
  loadBindingIds,
  loadBindings,
} from "./func-toml-bindings.js";
export { createConsoleLogger } from "./logger.js";
export { createKvNamespace, type KvNodeNamespaceHandle } from "./namespace.js";
export { type KvProxyEnv, matchesNoProxy, resolveProxy } from "./no-proxy.js";
export type {
  KvGetManyOptions,
  KvGetManyType,
  KvNodeNamespaceClient,
  KvPutManyEntry,
  KvValueBytes,
} from "./node-key-operations.js";
export {
  createKvProxy,
  type KvNodeHandler,
  type KvProxyAllow,
  type KvProxyAuthorize,
  type KvProxyBaseOptions,
  type KvProxyGuardedOptions,
  type KvProxyHandler,
  type KvProxyMethod,
  type KvProxyOptions,
  type KvProxyPublicOptions,
  type KvProxyRateLimit,
  toNodeHandler,
} from "./proxy/index.js";
export {
  KV_OPERATION_CHANNEL,
  KV_REQUEST_CHANNEL,
  type KvOperationOutcome,
  type KvOperationTraceContext,
  type KvRequestRateLimit,
  type KvRequestTraceContext,
} from "./tracing-channels.js";
export { createUndiciFetch } from "./undici-fetch.js";
export type { KvNodePutValue } from "./values.js";
