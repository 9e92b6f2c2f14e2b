import ky, { type KyInstance } from "ky";
import {
  createAbortError,
  type KvAbortError,
  KvConfigError,
  KvError,
  type KvErrorContext,
  KvNetworkError,
  KvTimeoutError,
} from "./errors.js";
import { createHttpError } from "./http-error.js";
import { redactText, redactUrl, sanitizeCause } from "./redact.js";
import { decideRetry, type KvAttemptFailure, type KvResolvedRetryOptions, reachedServer } from "./retry.js";
import { sleep } from "./sleep.js";

/** Receives one line per attempt; fields never carry headers or secrets. */
export interface KvLogger {
  debug(message: string, fields: Record<string, unknown>): void;
}

/** Everything the transport needs, resolved from the client options. */
export interface KvTransportConfig {
  baseUrl: string;
  timeoutMs: number;
  retry: KvResolvedRetryOptions;
  fetch?: typeof globalThis.fetch;
  headers: Record<string, string>;
  apiKey?: string;
  getToken?: () => string | Promise<string>;
  logger?: KvLogger;
}

/** One request as an endpoint describes it. */
export interface KvRequest extends KvErrorContext {
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  searchParams?: Record<string, string | number | undefined>;
  body?: BodyInit;
  json?: unknown;
  headers?: Record<string, string>;
  /** False for requests that must not be sent twice (create). */
  idempotent: boolean;
  /** False when the body is a stream that cannot be sent again. */
  replayable?: boolean;
  /** Statuses returned to the caller instead of thrown (404 for reads). */
  accept?: readonly number[];
  /** Overrides the client's retry options for this call. */
  retry?: KvResolvedRetryOptions;
  signal?: AbortSignal | undefined;
}

/** Sends requests through ky with the retry policy, mapping every failure to a typed, secret-free error. */
export class KvTransport {
  readonly #config: KvTransportConfig;
  readonly #ky: KyInstance;
  readonly #secrets: string[] = [];
  #token: Promise<string> | undefined;

  constructor(config: KvTransportConfig) {
    this.#config = config;
    if (config.apiKey) this.#secrets.push(config.apiKey);
    this.#ky = ky.create({
      prefixUrl: config.baseUrl,
      timeout: config.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      headers: config.headers,
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
  }

  /** Secrets known to this transport, for redaction by callers that build their own messages. */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** The Authorization header; a `getToken` token is reused until a 401 asks for a fresh one. */
  async #authorization(refresh: boolean): Promise<string | undefined> {
    if (this.#config.apiKey) return `Bearer ${this.#config.apiKey}`;
    const getToken = this.#config.getToken;
    if (!getToken) return undefined;
    if (refresh || !this.#token) {
      const pending = (async () => getToken())();
      this.#token = pending;
      // A failed provider call is not cached: the next request asks again.
      pending.catch(() => {
        if (this.#token === pending) this.#token = undefined;
      });
    }
    let token: string;
    try {
      token = await this.#token!;
    } catch (error) {
      const reason = redactText(error instanceof Error ? error.message : String(error), this.#secrets);
      throw new KvConfigError(`getToken() failed (${reason}); the request was not sent.`, {
        option: "getToken",
      });
    }
    if (token && !this.#secrets.includes(token)) this.#secrets.push(token);
    return token ? `Bearer ${token}` : undefined;
  }

  #context(request: KvRequest): KvErrorContext {
    const url = redactUrl(`${this.#config.baseUrl}/${request.path}`, this.#secrets);
    const context: KvErrorContext = { operation: request.operation, method: request.method, url };
    if (request.namespaceId !== undefined) context.namespaceId = request.namespaceId;
    if (request.key !== undefined) context.key = request.key;
    return context;
  }

  #mapThrown(error: unknown, request: KvRequest, context: KvErrorContext, reading = false): KvError {
    if (KvError.isInstance(error)) return error;
    const cause = sanitizeCause(error, this.#secrets);
    const name = (error as { name?: unknown } | null)?.name;
    if (request.signal?.aborted) return this.abortError(request.operation, context, cause);
    if (name === "TimeoutError") {
      return new KvTimeoutError(
        `Telnyx KV ${request.operation} got no answer within ${this.#config.timeoutMs} ms. Raise timeoutMs or check the network.`,
        { ...context, timeoutMs: this.#config.timeoutMs },
      );
    }
    const detail = redactText(cause?.message ?? String(error), this.#secrets);
    const code =
      (cause as { code?: string } | undefined)?.code ?? (cause?.cause as { code?: string } | undefined)?.code;
    if (reading) {
      // The answer had started, so the server was reached and acted: only the body was lost.
      return new KvNetworkError(
        `Telnyx KV ${request.operation} lost the connection while reading the answer (${detail}${code ? `, ${code}` : ""}). Read it again.`,
        { ...context, reachedServer: true, ...(cause ? { cause } : {}) },
      );
    }
    return new KvNetworkError(
      `Telnyx KV ${request.operation} could not reach ${context.url ?? this.#config.baseUrl} (${detail}${code ? `, ${code}` : ""}). Check baseUrl and the network.`,
      { ...context, reachedServer: reachedServer(error), ...(cause ? { cause } : {}) },
    );
  }

  /** Maps anything thrown while reading the body of `request`'s answer to a typed, secret-free error. */
  mapBodyError(error: unknown, request: KvRequest): KvError {
    return this.#mapThrown(error, request, this.#context(request), true);
  }

  /** The error for a caller's abort between requests (a retry wait, a poll). */
  abortError(operation: string, context: KvErrorContext = { operation }, cause?: Error): KvAbortError {
    return createAbortError(operation, { ...context, ...(cause ? { cause } : {}) });
  }

  /** Sends a request, retrying per policy; resolves with a 2xx (or accepted) response. */
  async send(request: KvRequest): Promise<Response> {
    const retry = request.retry ?? this.#config.retry;
    // Built only when an error or a log line needs it: parsing and redacting the URL costs on every call.
    let built: KvErrorContext | undefined;
    const context = (): KvErrorContext => {
      built ??= this.#context(request);
      return built;
    };
    let refreshedToken = false;
    // An empty query would make ky build its Request twice.
    const searchParams = request.searchParams ? definedParams(request.searchParams) : undefined;
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      let failure: KvAttemptFailure;
      let response: Response | undefined;
      let thrown: KvError | undefined;
      try {
        const authorization = await this.#authorization(false);
        response = await this.#ky(request.path, {
          method: request.method,
          headers: { ...request.headers, ...(authorization ? { authorization } : {}) },
          ...(searchParams ? { searchParams } : {}),
          ...(request.body !== undefined ? { body: request.body } : {}),
          ...(request.json !== undefined ? { json: request.json } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
        });
        this.#log(request, context, attempt, started, response.status);
        if (response.ok || request.accept?.includes(response.status)) return response;
        if (response.status === 401 && this.#canRefresh(request) && !refreshedToken) {
          // An expired short-lived token: ask the provider once for a fresh one and resend.
          refreshedToken = true;
          await response.body?.cancel().catch(() => {});
          await this.#authorization(true);
          attempt--;
          continue;
        }
        failure = { type: "status", status: response.status, headers: response.headers };
      } catch (error) {
        thrown = this.#mapThrown(error, request, context());
        this.#log(request, context, attempt, started, thrown.kind);
        if (!KvNetworkError.isInstance(thrown) && !KvTimeoutError.isInstance(thrown)) throw thrown;
        failure = KvTimeoutError.isInstance(thrown)
          ? { type: "timeout" }
          : { type: "network", reachedServer: (thrown as KvNetworkError).reachedServer ?? "unknown" };
      }
      const decision = decideRetry(
        failure,
        { attempt, idempotent: request.idempotent, replayable: request.replayable ?? true },
        retry,
      );
      if (!decision.retry) {
        if (thrown) throw thrown;
        const hintMs = "hintMs" in decision ? decision.hintMs : undefined;
        throw await createHttpError(response!, context(), {
          secrets: this.#secrets,
          attempts: attempt + 1,
          ...(hintMs === undefined ? {} : { retryAfterMs: hintMs }),
          ...(decision.reason === "hint-too-long" ? { waitTooLong: decision.hintMs } : {}),
        });
      }
      await response?.body?.cancel().catch(() => {});
      await sleep(decision.delayMs, request.signal, () =>
        this.#mapThrown(request.signal?.reason, request, context()),
      );
    }
  }

  #canRefresh(request: KvRequest): boolean {
    return !this.#config.apiKey && this.#config.getToken !== undefined && request.replayable !== false;
  }

  #log(
    request: KvRequest,
    context: () => KvErrorContext,
    attempt: number,
    started: number,
    outcome: number | string,
  ): void {
    const logger = this.#config.logger;
    if (!logger) return;
    logger.debug(`${request.method} ${context().url} -> ${outcome}`, {
      operation: request.operation,
      attempt,
      ms: Date.now() - started,
      outcome,
    });
  }
}

/** Drops undefined entries so they are not sent as "undefined"; `undefined` when none is left. */
function definedParams(
  params: Record<string, string | number | undefined>,
): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      out ??= {};
      out[name] = String(value);
    }
  }
  return out;
}
