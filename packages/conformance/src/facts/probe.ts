import { KvNetworkError, KvTimeoutError } from "@telnyx-kv/core";
import {
  KV_RATE_LIMIT_HEADERS,
  type KvWireError,
  parseErrorEnvelope,
  rateLimitResetMs,
  readRateLimitHeaders,
} from "@telnyx-kv/core/protocol";
import { createAbortError, redactText } from "@telnyx-kv/core/transport";

/** One request of a fact check, below the API root. */
export interface KvProbeRequest {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS";
  /** Path and query below the API root (`storage/kvs?page[size]=1`), or an absolute URL. */
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

/** Thrown when the request budget is spent: the rows that needed more requests are not checked. */
export class KvBudgetSpent extends Error {
  constructor(budget: number) {
    super(`the run's budget of ${budget} requests is spent`);
    this.name = "KvBudgetSpent";
  }
}

/** Settings of a {@link KvFactsProbe}. */
export interface KvProbeOptions {
  /** Normalised API root (ends with `/v2`, no trailing slash). */
  baseUrl: string;
  apiKey: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  /** Requests the run may send, cleanup included. */
  budget: number;
  /** Requests kept for deleting the temporary namespace. */
  cleanupReserve: number;
  signal: AbortSignal | undefined;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  onProgress: ((line: string) => void) | undefined;
}

// Pause before the allowance is gone entirely, so cleanup never meets a 429.
const RATE_RESERVE = 2;
const MAX_PAUSE_MS = 60_000;
const DEFAULT_429_PAUSE_MS = 2_000;

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

/** Sends fact-check requests with plain fetch: counts them against a budget and paces by `x-ratelimit-*`. */
export class KvFactsProbe {
  /** Requests sent so far. */
  sent = 0;
  #pauseUntil = 0;
  readonly #o: KvProbeOptions;

  constructor(options: KvProbeOptions) {
    this.#o = options;
  }

  /** The absolute URL of a path below the API root. */
  url(path: string): string {
    return /^https?:\/\//i.test(path) ? path : `${this.#o.baseUrl}/${path}`;
  }

  /** Sends one request (and once more after a 429); `cleanup` ignores Ctrl-C and may use the reserve. */
  async send(request: KvProbeRequest, cleanup = false): Promise<KvProbeAnswer> {
    const answer = await this.#once(request, cleanup);
    if (answer.status !== 429) return answer;
    return this.#once(request, cleanup);
  }

  async #once(request: KvProbeRequest, cleanup: boolean): Promise<KvProbeAnswer> {
    const o = this.#o;
    const signal = cleanup ? undefined : o.signal;
    const limit = cleanup ? o.budget : o.budget - o.cleanupReserve;
    if (this.sent >= limit) throw new KvBudgetSpent(o.budget);
    if (signal?.aborted) throw createAbortError("fact checks");
    const wait = this.#pauseUntil - o.now();
    if (wait > 0) {
      o.onProgress?.(`pausing ${Math.ceil(wait / 1000)} s for the rate limit (x-ratelimit-reset)`);
      await o.sleep(wait, signal);
      if (signal?.aborted) throw createAbortError("fact checks");
    }
    this.sent++;
    const url = this.url(request.path);
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    if (request.auth !== false) headers.authorization = `Bearer ${o.apiKey}`;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, o.timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const sentAt = o.now();
    try {
      const init: RequestInit = { method: request.method, headers, signal: controller.signal };
      if (request.body !== undefined) init.body = request.body;
      const response = await o.fetch(url, init);
      const body = new Uint8Array(await response.arrayBuffer());
      const answer = this.#answer(response, body, sentAt);
      this.#pace(answer);
      return answer;
    } catch (error) {
      throw this.#failure(error, request, url, timedOut, signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
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

  // Waits out the window when the allowance is nearly spent, or after a 429, instead of running into more.
  #pace(answer: KvProbeAnswer): void {
    const now = this.#o.now();
    const reading = readRateLimitHeaders(answer.headers, now);
    const resetMs = rateLimitResetMs(answer.headers.get(KV_RATE_LIMIT_HEADERS.reset), now);
    if (answer.status === 429) {
      this.#pauseUntil = now + Math.min(resetMs ?? DEFAULT_429_PAUSE_MS, MAX_PAUSE_MS);
    } else if (reading && reading.remaining <= RATE_RESERVE) {
      this.#pauseUntil = now + Math.min(reading.resetMs, MAX_PAUSE_MS);
    }
  }

  #failure(
    error: unknown,
    request: KvProbeRequest,
    url: string,
    timedOut: boolean,
    signal: AbortSignal | undefined,
  ): Error {
    const context = { method: request.method, url: redactText(url, [this.#o.apiKey]) };
    if (timedOut) {
      return new KvTimeoutError(`No answer from ${context.url} within ${this.#o.timeoutMs} ms.`, {
        ...context,
        timeoutMs: this.#o.timeoutMs,
      });
    }
    if (signal?.aborted) return createAbortError("fact checks", context);
    const code = networkCode(error);
    const message = redactText(error instanceof Error ? error.message : String(error), [this.#o.apiKey]);
    const cause = Object.assign(new Error(message), code ? { code } : {});
    return new KvNetworkError(
      `${request.method} ${context.url} failed: ${message}${code ? ` (${code})` : ""}.`,
      {
        ...context,
        cause,
        reachedServer: "unknown",
      },
    );
  }
}
