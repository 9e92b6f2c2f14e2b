// The public surface of @telnyx-kv/core, named one by one (decision 0006): the factories, the public types,
// and the errors (each recognised by its `isInstance`). The API's own tables live at `@telnyx-kv/core/protocol`;
// the request path's building blocks, for the toolkit's other packages and tools, at `@telnyx-kv/core/transport`.
export type { KvAttemptHooks, KvAttemptInfo, KvAttemptOutcome } from "./attempt-hooks.js";
export { createKvClient, type KvClientOptions } from "./client.js";
export {
  KvAbortError,
  KvConfigError,
  KvError,
  type KvErrorContext,
  type KvErrorKind,
  KvHttpError,
  KvNamespaceStateError,
  KvNetworkError,
  KvProtocolError,
  KvTimeoutError,
  KvValidationError,
  type KvValidationIssue,
} from "./errors.js";
export { createKvNamespace, type KvNamespaceOptions } from "./namespace.js";
export { createKvPacer, type KvPacer, type KvPacerOptions, type KvPacerState } from "./pacer.js";
export type { KvRetryOptions } from "./retry.js";
export {
  type KvSchemaIssue,
  type KvSchemaOutput,
  type KvSchemaResult,
  type KvStandardSchema,
  validateWithSchema,
} from "./schema.js";
export type { KvLogger } from "./transport.js";
export type {
  KvCallOptions,
  KvClient,
  KvGetJsonOptions,
  KvJsonValue,
  KvKeyInfo,
  KvKeyList,
  KvKeyPage,
  KvListOptions,
  KvNamespace,
  KvNamespaceClient,
  KvNamespaceList,
  KvNamespaceListOptions,
  KvNamespacePage,
  KvNamespaces,
  KvPutOptions,
  KvPutResult,
  KvPutValue,
  KvValue,
  KvWaitOptions,
} from "./types.js";
export { PACKAGE_VERSION as VERSION } from "./version.js";
