/**
 * Every wait a server can ask for, read in one place: `retry-after` (seconds or an HTTP date, RFC 9110),
 * `retry-after-ms` (a gateway convention), and the `x-ratelimit-*` budget Telnyx sends on every answer
 * (`x-ratelimit-reset` is seconds to wait; an epoch time in seconds is accepted too, should the API ever send one).
 */
import { KV_RATE_LIMIT_HEADERS } from "./protocol/rate-limit.js";

/** Minimal header access, so callers can pass a `Headers` or a plain map. */
export interface KvHeaderReader {
  get(name: string): string | null;
}

/** A non-negative finite number from a header value, or `undefined` (absent, blank or not a number). */
function nonNegativeNumber(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

// A reset this large is an epoch time in seconds (some APIs send that), not a duration.
const EPOCH_SECONDS = 1_000_000_000;

/**
 * Milliseconds until the budget resets, from an `x-ratelimit-reset` value: seconds to wait (as Telnyx
 * documents), or an epoch time in seconds. `undefined` when absent or not a number.
 */
export function rateLimitResetMs(raw: string | null, nowMs: number = Date.now()): number | undefined {
  const seconds = nonNegativeNumber(raw);
  if (seconds === undefined) return undefined;
  return seconds >= EPOCH_SECONDS ? Math.max(0, seconds * 1000 - nowMs) : seconds * 1000;
}

/** What one answer's `x-ratelimit-*` headers said. */
export interface KvRateLimitReading {
  /** Requests allowed per window (`x-ratelimit-limit`), when sent. */
  limit: number | undefined;
  /** Requests left in the current window (`x-ratelimit-remaining`), never above `limit`. */
  remaining: number;
  /** Time until the window resets, ms (`x-ratelimit-reset`). */
  resetMs: number;
  /** Whether `resetMs` came from whole seconds (so the true reset may be up to a second earlier). */
  wholeSeconds: boolean;
}

/** Reads the three headers of an answer; `undefined` when `remaining` or `reset` is absent or not a number. */
export function readRateLimitHeaders(
  headers: KvHeaderReader,
  nowMs: number = Date.now(),
): KvRateLimitReading | undefined {
  const remaining = nonNegativeNumber(headers.get(KV_RATE_LIMIT_HEADERS.remaining));
  if (remaining === undefined) return undefined;
  const raw = headers.get(KV_RATE_LIMIT_HEADERS.reset);
  const resetMs = rateLimitResetMs(raw, nowMs);
  if (resetMs === undefined) return undefined;
  const limit = nonNegativeNumber(headers.get(KV_RATE_LIMIT_HEADERS.limit));
  return {
    limit,
    remaining: limit === undefined ? remaining : Math.min(remaining, limit),
    resetMs,
    wholeSeconds: Number(raw) < EPOCH_SECONDS,
  };
}

/**
 * The wait an answer asks for before the next attempt, in milliseconds, or `undefined` without a hint.
 * Read in this order: `retry-after-ms`, `retry-after` (seconds or an HTTP date), then, on a 429 only,
 * `x-ratelimit-reset` (on other answers it only says when the budget refills, not that a wait is needed).
 */
export function retryHintMs(
  status: number,
  headers: KvHeaderReader,
  nowMs: number = Date.now(),
): number | undefined {
  const ms = nonNegativeNumber(headers.get("retry-after-ms"));
  if (ms !== undefined) return ms;
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = nonNegativeNumber(retryAfter);
    if (seconds !== undefined) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  if (status === 429) return rateLimitResetMs(headers.get(KV_RATE_LIMIT_HEADERS.reset), nowMs);
  return undefined;
}
