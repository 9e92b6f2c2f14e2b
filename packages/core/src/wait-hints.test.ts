import { describe, expect, it } from "vitest";
import { rateLimitHeaders } from "./protocol/rate-limit.js";
import { rateLimitResetMs, readRateLimitHeaders, retryHintMs } from "./wait-hints.js";

const limits = (remaining: number, reset: number, limit = 60) =>
  new Headers({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(reset),
  });

describe("readRateLimitHeaders", () => {
  it("reads remaining, reset (seconds) and limit", () => {
    expect(readRateLimitHeaders(limits(7, 5), 0)).toEqual({
      limit: 60,
      remaining: 7,
      resetMs: 5000,
      wholeSeconds: true,
    });
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
    expect(readRateLimitHeaders(headers, 0)).toEqual({
      limit: 60,
      remaining: 0,
      resetMs: 5000,
      wholeSeconds: true,
    });
  });
});

describe("retryHintMs", () => {
  it("reads retry-after-ms first", () => {
    const headers = new Headers({ "retry-after-ms": "1500", "retry-after": "9", "x-ratelimit-reset": "30" });
    expect(retryHintMs(429, headers)).toBe(1500);
  });

  it("then Retry-After in seconds", () => {
    expect(retryHintMs(429, new Headers({ "retry-after": "9", "x-ratelimit-reset": "30" }))).toBe(9000);
    expect(retryHintMs(503, new Headers({ "retry-after": "0" }))).toBe(0);
  });

  it("then Retry-After as an HTTP date, relative to nowMs", () => {
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    const headers = new Headers({ "retry-after": "Wed, 21 Oct 2026 07:28:07 GMT" });
    expect(retryHintMs(503, headers, now)).toBe(7000);
    expect(retryHintMs(503, headers, now + 60_000)).toBe(0);
  });

  it("then x-ratelimit-reset, only on a 429", () => {
    expect(retryHintMs(429, new Headers({ "x-ratelimit-reset": "30" }))).toBe(30_000);
    expect(retryHintMs(503, new Headers({ "x-ratelimit-reset": "30" }))).toBeUndefined();
  });

  it("ignores junk and absent headers", () => {
    expect(retryHintMs(503, new Headers())).toBeUndefined();
    expect(
      retryHintMs(429, new Headers({ "retry-after-ms": "soon", "x-ratelimit-reset": "" })),
    ).toBeUndefined();
    expect(retryHintMs(429, new Headers({ "retry-after-ms": "-5", "retry-after": "2" }))).toBe(2000);
  });
});

describe("x-ratelimit-reset as an epoch time", () => {
  it("is read as the time left, not as billions of seconds", () => {
    const now = 1_800_000_000_000;
    const headers = { get: (name: string) => (name === "x-ratelimit-reset" ? "1800000005" : null) };
    expect(retryHintMs(429, headers, now)).toBe(5000);
    expect(rateLimitResetMs("1800000005", now)).toBe(5000);
    expect(rateLimitResetMs("7", now)).toBe(7000);
    expect(rateLimitResetMs("soon", now)).toBeUndefined();
  });
});
