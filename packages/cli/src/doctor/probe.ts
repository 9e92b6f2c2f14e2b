import {
  type KvAttemptHooks,
  KvError,
  KvHttpError,
  KvNetworkError,
  type KvPacer,
  KvTimeoutError,
} from "@telnyx-kv/core";
import {
  type KvOperationName,
  type KvOperationSpec,
  type KvWireError,
  parseErrorEnvelope,
} from "@telnyx-kv/core/protocol";
import {
  createKvTransport,
  type KvRequest,
  type KvTransport,
  redactText,
  send,
} from "@telnyx-kv/core/transport";

/** One request of a fact check, below the API root. */
export interface KvProbeRequest {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS";
  /** Path and query below the API root (`storage/kvs?page[size]=1`). */
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | string;
  /** Whether to send `Authorization: Bearer <key>`. @default true */
  auth?: boolean;
}

/** An answer, read whole. */
export interface KvProbeAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
  text: string;
  /** The `content-type` header, or "" when absent. */
  contentType: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
  /** The error envelope's errors, or `undefined` when the body is not one. */
  errors: KvWireError[] | undefined;
  /** `errors[0].code` as sent (a string on the real API), or `undefined`. */
  code: unknown;
  /** Local clock when the request left and when the answer was read, ms. */
  sentAt: number;
  receivedAt: number;
}

/**
 * Thrown (from a hook at core's seam, before an attempt) when the request budget is spent: the rows that
 * needed more requests are not checked. A `KvError`, so core's transport and retry loop pass it on unchanged.
 */
export class KvBudgetSpent extends KvError {
  constructor(budget: number) {
    super("state", `the run's budget of ${budget} requests is spent (raise --max-requests)`);
    this.name = "KvBudgetSpent";
  }
}

/** Settings of a {@link KvFactsProbe}. */
export interface KvProbeOptions {
  /** API root as given (`/v2` is appended by core when missing). */
  baseUrl: string;
  apiKey: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  /** Requests the run may send, cleanup included. */
  budget: number;
  /** Requests kept for deleting the temporary namespace. */
  cleanupReserve: number;
  /** The pacer every request of the run passes (core's, learning the budget from `x-ratelimit-*`). */
  pacer: KvPacer;
  signal: AbortSignal | undefined;
  now: () => number;
  onProgress: ((line: string) => void) | undefined;
}

// Every answer is the check's to read, so none is thrown as an error, except a 429: core decides about it
// (a check reports it; the cleanup lets core's retry policy wait it out).
const EVERY_ANSWER_BUT_429: readonly number[] = Array.from({ length: 400 }, (_, i) => 200 + i).filter(
  (status) => status !== 429,
);

// The doctor also sends what no operation of the protocol table is (OPTIONS, a trailing slash, a raw `/` in
// a key): one spec per method, named for logs and errors. Only a create (POST) is unsafe to repeat.
const DOCTOR_OPS = new Map<string, KvOperationSpec>();
function doctorOp(method: KvProbeRequest["method"]): KvOperationSpec {
  let op = DOCTOR_OPS.get(method);
  if (!op) {
    op = {
      name: `doctor ${method}` as KvOperationName,
      route: "namespaces",
      method: method as KvOperationSpec["method"],
      idempotent: method !== "POST",
      query: [],
      body: "bytes",
      success: [],
    };
    DOCTOR_OPS.set(method, op);
  }
  return op;
}

/** The error code of a failed fetch, looked up through its causes (`ECONNREFUSED`, `ENOTFOUND`…). */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Why a row was not checked when its request met a 429 (core's error carries the server's wait), else `undefined`. */
export function rateLimitedWhy(error: unknown): string | undefined {
  if (!KvHttpError.isInstance(error) || error.status !== 429) return undefined;
  const wait =
    error.retryAfterMs === undefined ? "a minute" : `${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s`;
  return `rate limited (HTTP 429); run the doctor again in ${wait}`;
}

/**
 * Sends fact-check requests through core's transport and retry loop: one attempt per check (`retry: false`),
 * core's retry policy for the cleanup (the namespace must not be left behind over one 429), every attempt
 * paced by core's pacer and counted against the run's budget by a hook at the seam.
 */
export class KvFactsProbe {
  /** Requests sent so far. */
  sent = 0;
  readonly #o: KvProbeOptions;
  readonly #checks: KvTransport;
  readonly #anonymous: KvTransport;
  readonly #cleanup: KvTransport;

  constructor(options: KvProbeOptions) {
    this.#o = options;
    const common = {
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      pacer: options.pacer,
      headers: { accept: "application/json" },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    const checks = { ...common, retry: false as const, hooks: [this.#gate(false)] };
    this.#checks = createKvTransport({ ...checks, apiKey: options.apiKey }).transport;
    this.#anonymous = createKvTransport(checks).transport;
    this.#cleanup = createKvTransport({
      ...common,
      apiKey: options.apiKey,
      hooks: [this.#gate(true)],
    }).transport;
  }

  /** Counts each attempt, after the pacer let it go; refuses one the budget has no room for. */
  #gate(cleanup: boolean): KvAttemptHooks {
    return {
      beforeAttempt: () => {
        const o = this.#o;
        if (this.sent >= (cleanup ? o.budget : o.budget - o.cleanupReserve))
          throw new KvBudgetSpent(o.budget);
        this.sent++;
      },
    };
  }

  /** Sends one request and reads its answer; `cleanup` ignores Ctrl-C, may use the reserve and waits out a 429. */
  async send(request: KvProbeRequest, cleanup = false): Promise<KvProbeAnswer> {
    const o = this.#o;
    const transport = cleanup ? this.#cleanup : request.auth === false ? this.#anonymous : this.#checks;
    const kvRequest: KvRequest = {
      op: doctorOp(request.method),
      path: request.path,
      accept: EVERY_ANSWER_BUT_429,
      signal: cleanup ? undefined : o.signal,
    };
    if (request.headers) kvRequest.headers = request.headers;
    if (request.body !== undefined) kvRequest.body = request.body;
    this.#sayWhenHeld();
    const sentAt = o.now();
    let response: Response;
    let body: Uint8Array;
    try {
      response = await send(transport, kvRequest);
    } catch (error) {
      throw this.#reworded(error, request);
    }
    try {
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw this.#reworded(transport.mapBodyError(error, kvRequest), request);
    }
    return this.#answer(response, body, sentAt);
  }

  // The pacer holds an attempt while the window's budget is spent or after a 429: say so before a long hold.
  #sayWhenHeld(): void {
    const state = this.#o.pacer.state;
    const now = Date.now();
    const spent = state.remaining !== undefined && state.remaining < 1 ? (state.windowEndsAt ?? now) : 0;
    const until = Math.max(state.pausedUntil, spent);
    if (until - now >= 1000) {
      this.#o.onProgress?.(
        `pausing ${Math.ceil((until - now) / 1000)} s for the rate limit (x-ratelimit-reset)`,
      );
    }
  }

  #answer(response: Response, body: Uint8Array, sentAt: number): KvProbeAnswer {
    const text = new TextDecoder().decode(body);
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const errors = json === undefined ? undefined : parseErrorEnvelope(text);
    const raw = (json as { errors?: Array<{ code?: unknown }> } | undefined)?.errors;
    return {
      status: response.status,
      headers: response.headers,
      body,
      text,
      contentType: response.headers.get("content-type") ?? "",
      json,
      errors,
      code: Array.isArray(raw) ? raw[0]?.code : undefined,
      sentAt,
      receivedAt: this.#o.now(),
    };
  }

  // Core's messages speak to a library user (timeoutMs, baseUrl); a row says what failed in the CLI's words.
  #reworded(error: unknown, request: KvProbeRequest): unknown {
    if (KvTimeoutError.isInstance(error)) {
      return new KvTimeoutError(`No answer from ${error.url} within ${error.timeoutMs} ms.`, {
        method: request.method,
        ...(error.url ? { url: error.url } : {}),
        timeoutMs: error.timeoutMs,
      });
    }
    if (!KvNetworkError.isInstance(error)) return error;
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const code = networkCode(cause);
    const message = redactText(cause?.message ?? error.message, [this.#o.apiKey]);
    return new KvNetworkError(
      `${request.method} ${error.url} failed: ${message}${code ? ` (${code})` : ""}.`,
      {
        method: request.method,
        ...(error.url ? { url: error.url } : {}),
        ...(cause ? { cause } : {}),
        reachedServer: error.reachedServer,
      },
    );
  }
}
