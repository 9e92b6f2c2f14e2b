import ky, { type KyInstance, type Options } from "ky";
import type { KvAttemptHooks, KvAttemptInfo, KvAttemptOutcome } from "./attempt-hooks.js";
import {
  createAbortError,
  type KvAbortError,
  KvConfigError,
  KvError,
  type KvErrorContext,
  KvNetworkError,
  KvTimeoutError,
} from "./errors.js";
import type { KvOperationSpec } from "./protocol/routes.js";
import { redactText, redactUrl, sanitizeCause } from "./redact.js";
import { type KvResolvedRetryOptions, reachedServer } from "./retry.js";

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
  /** Called around every attempt, in order (the pacer among them). */
  hooks: readonly KvAttemptHooks[];
}

/** One request as an endpoint describes it. */
export interface KvRequest {
  /** The operation, from the protocol table: its name, method and idempotency. */
  op: KvOperationSpec;
  path: string;
  searchParams?: Record<string, string | number | undefined>;
  body?: BodyInit;
  json?: unknown;
  headers?: Record<string, string>;
  /** False when the body is a stream that cannot be sent again. */
  replayable?: boolean;
  /** Statuses returned to the caller instead of thrown (404 for reads). */
  accept?: readonly number[];
  /** The operation's own advice by status for its error messages (namespace management has its own). */
  advice?: Readonly<Partial<Record<number, string>>>;
  signal?: AbortSignal | undefined;
  namespaceId?: string;
  key?: string;
  /** Set before each attempt when the client has hooks (see {@link KvAttemptInfo}). */
  attempt?: number;
  deadline?: number;
}

/** Sends single attempts through ky, mapping every failure to a typed, secret-free error. */
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
      // A static key goes into the instance's headers: per-request headers make ky merge two header sets
      // on every call, the largest cost it adds on a read.
      headers: config.apiKey
        ? { ...config.headers, authorization: `Bearer ${config.apiKey}` }
        : config.headers,
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
  }

  /** Secrets known to this transport, for redaction by callers that build their own messages. */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** The Authorization header of `getToken` mode; a token is reused until a 401 asks for a fresh one. */
  async #authorization(refresh: boolean): Promise<string | undefined> {
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

  /** What the request was, for errors and log lines; never carries a secret. */
  context(request: KvRequest): KvErrorContext {
    const url = redactUrl(`${this.#config.baseUrl}/${request.path}`, this.#secrets);
    const context: KvErrorContext = { operation: request.op.name, method: request.op.method, url };
    if (request.namespaceId !== undefined) context.namespaceId = request.namespaceId;
    if (request.key !== undefined) context.key = request.key;
    return context;
  }

  /** The client's retry options. */
  get retryOptions(): KvResolvedRetryOptions {
    return this.#config.retry;
  }

  #mapThrown(error: unknown, request: KvRequest, context: KvErrorContext, reading = false): KvError {
    if (KvError.isInstance(error)) return error;
    const cause = sanitizeCause(error, this.#secrets);
    const name = (error as { name?: unknown } | null)?.name;
    const operation = request.op.name;
    if (request.signal?.aborted) return this.abortError(operation, context, cause);
    if (name === "TimeoutError") {
      return new KvTimeoutError(
        `Telnyx KV ${operation} got no answer within ${this.#config.timeoutMs} ms. Raise timeoutMs or check the network.`,
        { ...context, timeoutMs: this.#config.timeoutMs },
      );
    }
    const detail = redactText(cause?.message ?? String(error), this.#secrets);
    const code =
      (cause as { code?: string } | undefined)?.code ?? (cause?.cause as { code?: string } | undefined)?.code;
    if (reading) {
      // The answer had started, so the server was reached and acted: only the body was lost.
      return new KvNetworkError(
        `Telnyx KV ${operation} lost the connection while reading the answer (${detail}${code ? `, ${code}` : ""}). Read it again.`,
        { ...context, reachedServer: true, ...(cause ? { cause } : {}) },
      );
    }
    return new KvNetworkError(
      `Telnyx KV ${operation} could not reach ${context.url ?? this.#config.baseUrl} (${detail}${code ? `, ${code}` : ""}). Check baseUrl and the network.`,
      { ...context, reachedServer: reachedServer(error), ...(cause ? { cause } : {}) },
    );
  }

  /** Maps anything thrown by the fetch (or a wait) to a typed, secret-free error. */
  mapThrown(error: unknown, request: KvRequest): KvError {
    return this.#mapThrown(error, request, this.context(request));
  }

  /** Maps anything thrown while reading the body of `request`'s answer to a typed, secret-free error. */
  mapBodyError(error: unknown, request: KvRequest): KvError {
    return this.#mapThrown(error, request, this.context(request), true);
  }

  /** The error for a caller's abort between requests (a retry wait, a poll). */
  abortError(operation: string, context: KvErrorContext = { operation }, cause?: Error): KvAbortError {
    return createAbortError(operation, { ...context, ...(cause ? { cause } : {}) });
  }

  /**
   * Sends one attempt and resolves with its response, whatever the status; a failure to get one is thrown
   * as a typed, secret-free error. Repeating is the retry layer's job (`send.ts`), not this one's.
   */
  async attempt(
    request: KvRequest,
    attempt: number,
    deadline: number,
    freshToken = false,
  ): Promise<Response> {
    // The request itself is what the hooks see: no object per attempt, and nothing for a client without hooks.
    const info = this.#config.hooks.length > 0 ? (request as KvRequest & KvAttemptInfo) : undefined;
    if (info) {
      request.attempt = attempt;
      request.deadline = deadline;
      // Only a hook that holds the attempt back costs a wait; a free start adds no promise to the read path.
      const held = this.#before(info, request);
      if (held) await held;
    }
    const started = Date.now();
    try {
      const options: Options = { method: request.op.method };
      if (this.#config.getToken && !this.#config.apiKey) {
        const authorization = await this.#authorization(freshToken);
        options.headers = authorization ? { ...request.headers, authorization } : request.headers;
      } else if (request.headers) {
        options.headers = request.headers;
      }
      // An empty query would make ky build its Request twice.
      const searchParams = request.searchParams && definedParams(request.searchParams);
      if (searchParams) options.searchParams = searchParams;
      if (request.body !== undefined) options.body = request.body;
      if (request.json !== undefined) options.json = request.json;
      if (request.signal) options.signal = request.signal;
      const response = await this.#ky(request.path, options);
      if (info) this.#after(info, { response, sentAt: started });
      if (this.#config.logger) this.#log(request, attempt, started, response.status);
      return response;
    } catch (error) {
      const mapped = this.#mapThrown(error, request, this.context(request));
      if (info) this.#after(info, { error: mapped, sentAt: started });
      if (this.#config.logger) this.#log(request, attempt, started, mapped.kind);
      throw mapped;
    }
  }

  /**
   * Runs the before-hooks in order, synchronously while none holds the attempt back; from the first that
   * does, the rest run after its wait, and the returned promise settles when the attempt may go. When one
   * refuses (an abort while paced), every hook hears the attempt ended unsent.
   */
  #before(info: KvAttemptInfo, request: KvRequest): Promise<void> | undefined {
    const hooks = this.#config.hooks;
    for (let index = 0; index < hooks.length; index++) {
      let wait: void | Promise<void> | undefined;
      try {
        wait = hooks[index]!.beforeAttempt?.(info);
      } catch (error) {
        this.#refuse(error, info, request);
      }
      // The refusal's closure is made only for an attempt that waits, never on a free start.
      if (wait)
        return this.#beforeFrom(wait, index + 1, info).catch((error: unknown) =>
          this.#refuse(error, info, request),
        );
    }
    return undefined;
  }

  /** Ends an attempt a before-hook refused: every hook hears it ended unsent, and the caller gets a typed error. */
  #refuse(error: unknown, info: KvAttemptInfo, request: KvRequest): never {
    const mapped = this.#mapThrown(error, request, this.context(request));
    this.#after(info, { error: mapped, sentAt: Date.now() });
    throw mapped;
  }

  async #beforeFrom(wait: Promise<void>, next: number, info: KvAttemptInfo): Promise<void> {
    await wait;
    const hooks = this.#config.hooks;
    for (let index = next; index < hooks.length; index++) {
      const more = hooks[index]!.beforeAttempt?.(info);
      if (more) await more;
    }
  }

  #after(info: KvAttemptInfo, outcome: KvAttemptOutcome): void {
    for (const hook of this.#config.hooks) hook.afterAttempt?.(info, outcome);
  }

  /** Whether a 401 may be answered by asking `getToken` for a fresh token and sending again. */
  canRefreshToken(request: KvRequest): boolean {
    return !this.#config.apiKey && this.#config.getToken !== undefined && request.replayable !== false;
  }

  #log(request: KvRequest, attempt: number, started: number, outcome: number | string): void {
    this.#config.logger?.debug(`${request.op.method} ${this.context(request).url} -> ${outcome}`, {
      operation: request.op.name,
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
