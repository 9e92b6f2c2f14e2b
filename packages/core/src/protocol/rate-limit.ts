/** The rate-limit headers Telnyx documents on every answer, and how to read their reset. */

/** Header names of the request budget: the limit, what is left of it, and the seconds until it resets. */
export const KV_RATE_LIMIT_HEADERS = {
  limit: "x-ratelimit-limit",
  remaining: "x-ratelimit-remaining",
  reset: "x-ratelimit-reset",
} as const;

/** The three headers of an answer that reports the budget, as a server or proxy sends them. */
export function rateLimitHeaders(
  limit: number,
  remaining: number,
  resetSeconds: number,
): Record<string, string> {
  return {
    [KV_RATE_LIMIT_HEADERS.limit]: String(limit),
    [KV_RATE_LIMIT_HEADERS.remaining]: String(Math.max(0, remaining)),
    [KV_RATE_LIMIT_HEADERS.reset]: String(resetSeconds),
  };
}

// A reset this large is an epoch time in seconds (some APIs send that), not a duration.
const EPOCH_SECONDS = 1_000_000_000;

/** What one answer's `x-ratelimit-*` headers said. */
export interface KvRateLimitReading {
  /** Requests allowed per window (`x-ratelimit-limit`), when sent. */
  limit: number | undefined;
  /** Requests left in the current window (`x-ratelimit-remaining`), never above `limit`. */
  remaining: number;
  /** Time until the window resets, ms (`x-ratelimit-reset`). */
  resetMs: number;
}

function wholeNumber(raw: string | null): number | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Reads the three headers of an answer; `undefined` when `remaining` or `reset` is absent or not a number. */
export function readRateLimitHeaders(
  headers: { get(name: string): string | null },
  nowMs: number = Date.now(),
): KvRateLimitReading | undefined {
  const remaining = wholeNumber(headers.get(KV_RATE_LIMIT_HEADERS.remaining));
  const resetMs = rateLimitResetMs(headers.get(KV_RATE_LIMIT_HEADERS.reset), nowMs);
  if (remaining === undefined || resetMs === undefined) return undefined;
  const limit = wholeNumber(headers.get(KV_RATE_LIMIT_HEADERS.limit));
  return { limit, remaining: limit === undefined ? remaining : Math.min(remaining, limit), resetMs };
}

/**
 * Milliseconds until the budget resets, from an `x-ratelimit-reset` value: seconds to wait (as Telnyx
 * documents), or an epoch time in seconds (as some gateways send). `undefined` when absent or not a number.
 */
export function rateLimitResetMs(raw: string | null, nowMs: number = Date.now()): number | undefined {
  const seconds = wholeNumber(raw);
  if (seconds === undefined) return undefined;
  return seconds >= EPOCH_SECONDS ? Math.max(0, seconds * 1000 - nowMs) : seconds * 1000;
}
