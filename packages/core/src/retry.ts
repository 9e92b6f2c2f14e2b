/** The retry policy as pure functions: which failures repeat, how long to wait, when to give up. */
import { type KvHeaderReader, retryHintMs } from "./wait-hints.js";

/** How a client retries; every field has a default. */
export interface KvRetryOptions {
  /** Retries after the first attempt. @default 2 */
  retries?: number;
  /** First backoff step in milliseconds; doubles per retry. @default 500 */
  baseDelayMs?: number;
  /** Largest backoff step in milliseconds. @default 8000 */
  maxDelayMs?: number;
  /** A server hint longer than this fails at once with the wait in the error. @default 60000 */
  maxRetryAfterMs?: number;
  /**
   * Patience: no retry starts later than this after the call began (its waits for the client's pacer
   * included), so a call ends within `maxElapsedMs + timeoutMs`. Raise it with `retries` to wait out a long
   * starvation (a CLI import). @default 60000
   */
  maxElapsedMs?: number;
}

/** {@link KvRetryOptions} with every default filled in. */
export type KvResolvedRetryOptions = Required<KvRetryOptions>;

/** The defaults of {@link KvRetryOptions}. */
export const KV_DEFAULT_RETRY: KvResolvedRetryOptions = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  maxElapsedMs: 60_000,
};

/** Fills in the defaults; `false` or `0` turns retries off. */
export function resolveRetryOptions(
  options: KvRetryOptions | number | false | undefined,
): KvResolvedRetryOptions {
  if (options === false) return { ...KV_DEFAULT_RETRY, retries: 0 };
  if (typeof options === "number") return { ...KV_DEFAULT_RETRY, retries: options };
  return { ...KV_DEFAULT_RETRY, ...options };
}

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Whether an HTTP status may succeed when repeated (400, 401, 403, 404, 409 and 413 never do). */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Exponential backoff `min(base * 2^attempt, max)`, jittered into its upper half so waits never bunch up. */
export function backoffDelayMs(
  attempt: number,
  options: KvResolvedRetryOptions = KV_DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  const step = Math.min(options.baseDelayMs * 2 ** attempt, options.maxDelayMs);
  return Math.round(step * (0.5 + random() / 2));
}

/** What went wrong with one attempt, as far as the retry policy cares. */
export type KvAttemptFailure =
  | { type: "status"; status: number; headers: KvHeaderReader }
  | { type: "network"; reachedServer: boolean | "unknown" }
  | { type: "timeout" }
  | { type: "abort" };

/** The policy's answer: wait and retry, or stop (and why). */
export type KvRetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "not-retryable" | "exhausted" | "unsafe" | "patience"; hintMs?: number }
  | { retry: false; reason: "hint-too-long"; hintMs: number };

/** Facts about the request that decide whether repeating it is safe. */
export interface KvRetryContext {
  /** Retries already made (0 after the first attempt failed). */
  attempt: number;
  /** False for a request that must not be sent twice (creating a namespace). */
  idempotent: boolean;
  /** False when the body cannot be sent again (a stream already read). */
  replayable?: boolean;
  /** Milliseconds since the call began. @default 0 */
  elapsedMs?: number;
}

/**
 * Decides whether to repeat a failed attempt. A non-idempotent request repeats only when it provably
 * never reached the server; the caller handles the ambiguous cases (see namespaces.create).
 */
export function decideRetry(
  failure: KvAttemptFailure,
  context: KvRetryContext,
  options: KvResolvedRetryOptions = KV_DEFAULT_RETRY,
  nowMs: number = Date.now(),
  random: () => number = Math.random,
): KvRetryDecision {
  if (failure.type === "abort" || (failure.type === "status" && !isRetryableStatus(failure.status)))
    return { retry: false, reason: "not-retryable" };
  const hintMs = failure.type === "status" ? retryHintMs(failure.status, failure.headers, nowMs) : undefined;
  if (hintMs !== undefined && hintMs > options.maxRetryAfterMs)
    return { retry: false, reason: "hint-too-long", hintMs };
  // The server's hint goes with every refusal below, so the error can say how long to wait.
  const stop = (reason: "unsafe" | "exhausted" | "patience"): KvRetryDecision =>
    hintMs === undefined ? { retry: false, reason } : { retry: false, reason, hintMs };
  // A body that cannot be sent again is never retried, even after a refused connection: the first try
  // may have started reading (and locked) the stream. A non-idempotent request repeats only when it
  // provably never reached the server.
  const neverReached = failure.type === "network" && failure.reachedServer === false;
  if (context.replayable === false || (!context.idempotent && !neverReached)) return stop("unsafe");
  if (context.attempt >= options.retries) return stop("exhausted");
  const delayMs = hintMs ?? backoffDelayMs(context.attempt, options, random);
  if ((context.elapsedMs ?? 0) + delayMs > options.maxElapsedMs) return stop("patience");
  return { retry: true, delayMs };
}

const NEVER_REACHED_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL",
]);

/**
 * Whether a fetch failure provably happened before the request left: connection refused, DNS, unreachable.
 * Returns "unknown" when the error does not say (a reset may come after the server acted).
 */
export function reachedServer(error: unknown): boolean | "unknown" {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NEVER_REACHED_CODES.has(code)) return false;
    current = (current as { cause?: unknown }).cause;
  }
  return "unknown";
}
