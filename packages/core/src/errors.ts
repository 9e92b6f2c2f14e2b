import type { KvWireError } from "./protocol/errors.js";

const KV_ERROR_MARKER = Symbol.for("telnyx-kv.error");

/** Which subclass of {@link KvError} an error is; stable across copies of the package. */
export type KvErrorKind =
  | "http"
  | "network"
  | "timeout"
  | "abort"
  | "validation"
  | "config"
  | "protocol"
  | "state";

/** What the client was doing when an error happened; never contains secrets. */
export interface KvErrorContext {
  /** Operation such as `"keys.get"` or `"namespaces.create"`. */
  operation?: string;
  /** HTTP method of the request. */
  method?: string;
  /** Request URL with secrets removed. */
  url?: string;
  /** Namespace the operation addressed. */
  namespaceId?: string;
  /** Key the operation addressed. */
  key?: string;
}

const CONTEXT_FIELDS = ["operation", "method", "url", "namespaceId", "key"] as const;

/** Copies the fields of `from` that are defined onto `to`, so an absent field stays absent (not `undefined`). */
function copyDefined<T extends object>(to: object, from: T, fields: readonly (keyof T)[]): void {
  for (const field of fields) {
    if (from[field] !== undefined) (to as Record<keyof T, unknown>)[field] = from[field];
  }
}

/** Base of every error this toolkit throws; recognise it (and each subclass) with `isInstance`, which works across copies of the package. */
export class KvError extends Error {
  /** Which subclass this is. */
  declare readonly kind: KvErrorKind;
  /** Whether repeating the same call may succeed. */
  declare readonly isRetryable: boolean;
  declare readonly operation?: string;
  declare readonly method?: string;
  declare readonly url?: string;
  declare readonly namespaceId?: string;
  declare readonly key?: string;

  constructor(
    kind: KvErrorKind,
    message: string,
    options: KvErrorContext & { cause?: Error; isRetryable?: boolean } = {},
  ) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    Object.defineProperty(this, KV_ERROR_MARKER, { value: true });
    this.name = "KvError";
    this.kind = kind;
    this.isRetryable = options.isRetryable ?? false;
    copyDefined(this, options, CONTEXT_FIELDS);
  }

  /** True for any error of this toolkit, even one thrown by another copy of the package. */
  static isInstance(error: unknown): error is KvError {
    return typeof error === "object" && error !== null && KV_ERROR_MARKER in error;
  }

  /** A plain object of every public field, so logs and `JSON.stringify` show what matters (and no secret). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [field, value] of Object.entries(this)) {
      if (value !== undefined) out[field] = value;
    }
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: this.cause.message };
    return out;
  }
}

function isKind<T extends KvError>(error: unknown, kind: KvErrorKind): error is T {
  return KvError.isInstance(error) && error.kind === kind;
}

/** The server answered with a non-2xx status. */
export class KvHttpError extends KvError {
  /** HTTP status. */
  declare readonly status: number;
  /** Code of the first envelope error, such as `"10015"`. */
  declare readonly code?: string;
  /** Title of the first envelope error. */
  declare readonly title?: string;
  /** Detail of the first envelope error. */
  declare readonly detail?: string;
  /** Every error of the envelope (empty when the body had none). */
  declare readonly errors: KvWireError[];
  /** `x-request-id` of the response, for Telnyx support. */
  declare readonly requestId?: string;
  /** How long the server asked to wait before another try, in milliseconds. */
  declare readonly retryAfterMs?: number;
  /** The start of a body that was not an error envelope (HTML from a proxy, say), secrets removed. */
  declare readonly bodySnippet?: string;
  /** The answer's headers, lower-cased, without `set-cookie`. */
  declare readonly responseHeaders: Record<string, string>;

  constructor(
    message: string,
    fields: KvErrorContext & {
      status: number;
      errors: KvWireError[];
      requestId?: string;
      retryAfterMs?: number;
      bodySnippet?: string;
      responseHeaders?: Record<string, string>;
      isRetryable: boolean;
    },
  ) {
    super("http", message, fields);
    this.name = "KvHttpError";
    this.status = fields.status;
    this.responseHeaders = fields.responseHeaders ?? {};
    this.errors = fields.errors;
    if (fields.errors[0]) copyDefined(this, fields.errors[0], ["code", "title", "detail"]);
    copyDefined(this, fields, ["requestId", "retryAfterMs", "bodySnippet"]);
  }

  static override isInstance(error: unknown): error is KvHttpError {
    return isKind(error, "http");
  }
}

/** The request could not be sent or its answer could not be read (DNS, refused, reset). */
export class KvNetworkError extends KvError {
  /** False when the request provably never reached the server (so even a create may be repeated). */
  declare readonly reachedServer: boolean | "unknown";

  constructor(
    message: string,
    fields: KvErrorContext & { cause?: Error; reachedServer: boolean | "unknown" },
  ) {
    super("network", message, { ...fields, isRetryable: true });
    this.name = "KvNetworkError";
    this.reachedServer = fields.reachedServer;
  }

  static override isInstance(error: unknown): error is KvNetworkError {
    return isKind(error, "network");
  }
}

/** No answer came within `timeoutMs`. */
export class KvTimeoutError extends KvError {
  /** The time limit that passed, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(message: string, fields: KvErrorContext & { timeoutMs: number }) {
    super("timeout", message, { ...fields, isRetryable: true });
    this.name = "KvTimeoutError";
    this.timeoutMs = fields.timeoutMs;
  }

  static override isInstance(error: unknown): error is KvTimeoutError {
    return isKind(error, "timeout");
  }
}

/** The caller's `AbortSignal` fired. */
export class KvAbortError extends KvError {
  constructor(message: string, fields: KvErrorContext & { cause?: Error } = {}) {
    super("abort", message, fields);
    this.name = "KvAbortError";
  }

  static override isInstance(error: unknown): error is KvAbortError {
    return isKind(error, "abort");
  }
}

/** The error for a call the caller's `AbortSignal` ended (one message wherever the abort is noticed). */
export function createAbortError(
  operation: string,
  fields: KvErrorContext & { cause?: Error } = {},
): KvAbortError {
  return new KvAbortError(`Telnyx KV ${operation} was aborted by the caller's signal.`, {
    operation,
    ...fields,
  });
}

/** One problem a schema found in a value read from a key: where (dotted path, `""` for the whole value) and what. */
export interface KvValidationIssue {
  /** Keys and indexes from the value's root, joined by dots (`"tags.0"`); `""` for the value itself. */
  path: string;
  /** The schema's message, cut to 100 characters. */
  message: string;
}

/**
 * An input broke a rule of the API (thrown before any request is sent), or a value read with a `schema`
 * did not match it (`input: "value"`, `code: "schema"`, `status: 422`, with `key` and `issues`).
 */
export class KvValidationError extends KvError {
  /** Which input: `"key"`, `"namespaceId"`, `"ttlSeconds"`…, or `"value"` for a value a schema refused. */
  declare readonly input: string;
  /** The rule it broke, in words. */
  declare readonly rule: string;
  /** The code the server would answer with (`"schema"` for a value a schema refused). */
  declare readonly code: string;
  /** The HTTP status the server would answer with (422 for a value a schema refused). */
  declare readonly status: number;
  /** What the schema found wrong, when a schema refused a value (set by the schema check, not here). */
  declare readonly issues?: readonly KvValidationIssue[];

  constructor(
    message: string,
    fields: KvErrorContext & { input: string; rule: string; code: string; status: number },
  ) {
    super("validation", message, fields);
    this.name = "KvValidationError";
    this.input = fields.input;
    this.rule = fields.rule;
    this.code = fields.code;
    this.status = fields.status;
  }

  static override isInstance(error: unknown): error is KvValidationError {
    return isKind(error, "validation");
  }
}

/** The client was set up wrongly (missing API key, bad base URL). */
export class KvConfigError extends KvError {
  /** The option at fault. */
  declare readonly option: string;
  /** The environment variable that can supply it, when there is one. */
  declare readonly envVar?: string;

  constructor(message: string, fields: { option: string; envVar?: string }) {
    super("config", message);
    this.name = "KvConfigError";
    this.option = fields.option;
    copyDefined(this, fields, ["envVar"]);
  }

  static override isInstance(error: unknown): error is KvConfigError {
    return isKind(error, "config");
  }
}

/** The server answered something the protocol does not allow (a body of the wrong shape, a repeated cursor). */
export class KvProtocolError extends KvError {
  /** HTTP status of the answer that broke the protocol, when there was one. */
  declare readonly status?: number;
  /** The start of the offending body, secrets removed. */
  declare readonly bodySnippet?: string;
  /** The answer's headers, lower-cased, without `set-cookie` (when there was an answer). */
  declare readonly responseHeaders?: Record<string, string>;

  constructor(
    message: string,
    fields: KvErrorContext & {
      status?: number;
      bodySnippet?: string;
      responseHeaders?: Record<string, string>;
    } = {},
  ) {
    super("protocol", message, fields);
    this.name = "KvProtocolError";
    copyDefined(this, fields, ["status", "bodySnippet", "responseHeaders"]);
  }

  static override isInstance(error: unknown): error is KvProtocolError {
    return isKind(error, "protocol");
  }
}

/** A namespace reached a state the operation cannot go on from (`provision_failed` while waiting, say). */
export class KvNamespaceStateError extends KvError {
  /** The namespace status that ended the wait. */
  declare readonly status: string;

  constructor(message: string, fields: KvErrorContext & { status: string }) {
    super("state", message, fields);
    this.name = "KvNamespaceStateError";
    this.status = fields.status;
  }

  static override isInstance(error: unknown): error is KvNamespaceStateError {
    return isKind(error, "state");
  }
}
