/** The rate-limit headers Telnyx documents on every answer; how they are read lives in `wait-hints.ts`. */

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
