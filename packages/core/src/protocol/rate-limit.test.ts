import { describe, expect, it } from "vitest";
import { rateLimitHeaders, readRateLimitHeaders } from "./rate-limit.js";

const limits = (remaining: number, reset: number, limit = 60) =>
  new Headers({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(reset),
  });

describe("readRateLimitHeaders", () => {
  it("reads remaining, reset (seconds) and limit", () => {
    expect(readRateLimitHeaders(limits(7, 5), 0)).toEqual({ limit: 60, remaining: 7, resetMs: 5000 });
  });

  it("needs remaining and reset, ignores junk, and caps remaining at the limit", () => {
    expect(readRateLimitHeaders(new Headers(), 0)).toBeUndefined();
    expect(readRateLimitHeaders(new Headers({ "x-ratelimit-remaining": "3" }), 0)).toBeUndefined();
    expect(readRateLimitHeaders(limits(-1, 5), 0)).toBeUndefined();
    const noLimit = new Headers({ "x-ratelimit-remaining": "3", "x-ratelimit-reset": "soon" });
    expect(readRateLimitHeaders(noLimit, 0)).toBeUndefined();
    expect(readRateLimitHeaders(limits(99, 1, 10), 0)?.remaining).toBe(10);
  });

  it("takes a reset that looks like epoch seconds as a time, not a duration", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(readRateLimitHeaders(limits(1, now / 1000 + 30), now)?.resetMs).toBe(30_000);
  });
});

describe("rateLimitHeaders", () => {
  it("writes what readRateLimitHeaders reads, never a negative remaining", () => {
    const headers = new Headers(rateLimitHeaders(60, -3, 5));
    expect(readRateLimitHeaders(headers, 0)).toEqual({ limit: 60, remaining: 0, resetMs: 5000 });
  });
});
