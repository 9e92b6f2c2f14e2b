// The public surface of @telnyx-kv/client-node, named one by one (decision 0006): the Node client and its
// helpers, then core's public types and errors, so an app installs this one package. Internals stay internal.
export {
  createKvPacer,
  KvAbortError,
  type KvAttemptHooks,
  type KvAttemptInfo,
  type KvAttemptOutcome,
  type KvCallOptions,
  KvConfigError,
  KvError,
  type KvErrorContext,
  type KvErrorKind,
  type KvGetJsonOptions,
  KvHttpError,
  type KvJsonValue,
  type KvKeyInfo,
  type KvKeyList,
  type KvKeyPage,
  type KvListOptions,
  type KvLogger,
  type KvNamespace,
  type KvNamespaceClient,
  type KvNamespaceList,
  type KvNamespaceListOptions,
  type KvNamespacePage,
  KvNamespaceStateError,
  type KvNamespaces,
  KvNetworkError,
  type KvPacer,
  type KvPacerOptions,
  type KvPacerState,
  KvProtocolError,
  type KvPutOptions,
  type KvPutResult,
  type KvPutValue,
  type KvRetryOptions,
  type KvSchemaOutput,
  type KvStandardSchema,
  KvTimeoutError,
  KvValidationError,
  type KvValidationIssue,
  type KvValue,
  type KvWaitOptions,
  validateWithSchema,
} from "@telnyx-kv/core";
export type { KvBulkOptions, KvBulkProgress, KvBulkResult } from "./bulk.js";
export { createKvClient, KvClient, type KvNodeClient, type KvNodeClientOptions } from "./client.js";
export {
  createKvBinding,
  type KvBinding,
  type KvBindingGetOptions,
  type KvBindingListOptions,
  type KvBindingListResult,
  type KvBindingPutOptions,
} from "./edge-binding.js";
export { type KvEnvTarget, resolveEnvTarget } from "./env-target.js";
export type { KvFileInfo } from "./files.js";
export {
  bindingEnvVar,
  type KvLoadBindingIdsOptions,
  type KvLoadBindingsOptions,
  loadBindingIds,
  loadBindings,
} from "./func-toml-bindings.js";
export { createConsoleLogger } from "./logger.js";
export { createKvNamespace, type KvClosableNamespaceClient } from "./namespace.js";
export type {
  KvGetManyOptions,
  KvGetManyType,
  KvNodeNamespaceClient,
  KvPutManyEntry,
  KvValueBytes,
} from "./node-namespace-client.js";
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
export type { KvNodePutValue } from "./values.js";
