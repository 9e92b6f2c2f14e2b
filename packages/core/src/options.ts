import type { KvAttemptHooks } from "./attempt-hooks.js";
import { normalizeBaseUrl } from "./base-url.js";
import { KvConfigError } from "./errors.js";
import type { KvPacer } from "./pacer.js";
import { type KvRetryOptions, resolveRetryOptions } from "./retry.js";
import { type KvLogger, KvTransport } from "./transport.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";

/** Options of `createKvClient` and `createKvNamespace`. */
export interface KvClientOptions {
  /** Telnyx API key, sent as `Authorization: Bearer …`. Leave unset behind a proxy that adds it. */
  apiKey?: string;
  /** Supplies a short-lived token per request instead of `apiKey` (browser token mode). */
  getToken?: () => string | Promise<string>;
  /** API root; `/v2` is appended when missing. @default "https://api.telnyx.com/v2" */
  baseUrl?: string;
  /** Time limit of one attempt, in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Retry policy; a number sets `retries`, `false` turns retries off. @default { retries: 2, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60000, maxElapsedMs: 60000 } */
  retry?: KvRetryOptions | number | false;
  /** The `fetch` to send requests with. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Extra headers on every request. @default {} */
  headers?: Record<string, string>;
  /** `User-Agent` to send; `false` sends none (browsers set their own). @default "@telnyx-kv/core/<version>" */
  userAgent?: string | false;
  /** Reads `ReadableStream` values into memory (up to 1 MiB) before sending, for platforms without streaming uploads. @default false */
  bufferStreams?: boolean;
  /** Receives one debug line per attempt (no headers, no secrets). @default undefined */
  logger?: KvLogger;
  /** Paces every attempt to the account's budget (`createKvPacer()`); share one between clients of one process to pace them as one. @default undefined (client-node: one pacer per client) */
  pacer?: KvPacer | undefined;
  /** Called around every attempt, after the pacer: observers and tracers (see `KvAttemptHooks`). @default [] */
  hooks?: readonly KvAttemptHooks[];
}

/** Checks the options once and builds the transport every operation of a client shares (also `@telnyx-kv/core/transport`). */
export function createKvTransport(options: KvClientOptions): { baseUrl: string; transport: KvTransport } {
  if (options.apiKey !== undefined && (typeof options.apiKey !== "string" || options.apiKey.trim() === "")) {
    throw new KvConfigError(
      "apiKey is empty. Pass your Telnyx API key as `apiKey` (or set TELNYX_API_KEY for the Node client).",
      { option: "apiKey", envVar: "TELNYX_API_KEY" },
    );
  }
  if (options.apiKey !== undefined && options.getToken !== undefined) {
    throw new KvConfigError(
      "Pass either apiKey or getToken, not both: with both, which credential is sent would be a guess.",
      { option: "getToken" },
    );
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) {
    throw new KvConfigError(
      `timeoutMs must be a positive number of milliseconds (got ${options.timeoutMs}).`,
      {
        option: "timeoutMs",
      },
    );
  }
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  // A path such as client-browser's default "/kv" resolves against the page; Workers, Deno and servers have none.
  if (
    !/^[a-z][a-z0-9+.-]*:/i.test(baseUrl) &&
    typeof (globalThis as { location?: unknown }).location === "undefined"
  ) {
    throw new KvConfigError(
      `baseUrl ${JSON.stringify(options.baseUrl)} is a path, and this runtime has no page URL to resolve it against. Pass an absolute URL, such as "https://example.com/kv".`,
      { option: "baseUrl" },
    );
  }
  const userAgent = options.userAgent ?? `${PACKAGE_NAME}/${PACKAGE_VERSION}`;
  const transport = new KvTransport({
    baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: resolveRetryOptions(options.retry),
    headers: { ...(userAgent === false ? {} : { "user-agent": userAgent }), ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.getToken ? { getToken: options.getToken } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    hooks: options.pacer ? [options.pacer, ...(options.hooks ?? [])] : (options.hooks ?? []),
  });
  return { baseUrl, transport };
}
