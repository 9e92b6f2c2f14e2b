import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  decideRetry,
  isRetryableStatus,
  KV_DEFAULT_RETRY,
  type KvAttemptFailure,
  reachedServer,
  resolveRetryOptions,
} from "./retry.js";
import type { KvHeaderReader } from "./wait-hints.js";

const _noHeaders: KvHeaderReader = new Headers();
const status = (code: number, headers: Record<string, string> = {}): KvAttemptFailure => ({
  type: "status",
  status: code,
  headers: new Headers(headers),
});
const get = { attempt: 0, idempotent: true };
const post = { attempt: 0, idempotent: false };
const low = () => 0;

describe("status classes", () => {
  it.each([408, 429, 500, 502, 503, 504])("%i retries", (code) => {
    expect(isRetryableStatus(code)).toBe(true);
    expect(decideRetry(status(code), get, KV_DEFAULT_RETRY, 0, low)).toEqual({ retry: true, delayMs: 250 });
  });

  it.each([400, 401, 403, 404, 409, 413, 422, 501])("%i never retries", (code) => {
    expect(isRetryableStatus(code)).toBe(false);
    expect(decideRetry(status(code), get)).toEqual({ retry: false, reason: "not-retryable" });
  });

  it("network errors and timeouts retry an idempotent request; aborts never do", () => {
    expect(decideRetry({ type: "network", reachedServer: "unknown" }, get).retry).toBe(true);
    expect(decideRetry({ type: "network", reachedServer: false }, get).retry).toBe(true);
    expect(decideRetry({ type: "timeout" }, get).retry).toBe(true);
    expect(decideRetry({ type: "abort" }, get)).toEqual({ retry: false, reason: "not-retryable" });
  });
});

describe("reachedServer", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"])("%s is false at any depth", (code) => {
    expect(reachedServer({ code })).toBe(false);
    expect(reachedServer(new TypeError("fetch failed", { cause: { code } }))).toBe(false);
    expect(reachedServer({ cause: { cause: { code } } })).toBe(false);
  });

  it("ECONNRESET, a timeout and unknown shapes are 'unknown'", () => {
    expect(reachedServer(new TypeError("fetch failed", { cause: { code: "ECONNRESET" } }))).toBe("unknown");
    expect(reachedServer({ code: "UND_ERR_SOCKET" })).toBe("unknown");
    expect(reachedServer(new Error("x"))).toBe("unknown");
    expect(reachedServer(undefined)).toBe("unknown");
    expect(reachedServer("ECONNREFUSED")).toBe("unknown");
  });
});

describe("the POST rule (idempotent: false)", () => {
  it("retries only when the request provably never reached the server", () => {
    expect(decideRetry({ type: "network", reachedServer: false }, post, KV_DEFAULT_RETRY, 0, low)).toEqual({
      retry: true,
      delayMs: 250,
    });
    expect(decideRetry({ type: "network", reachedServer: "unknown" }, post)).toEqual({
      retry: false,
      reason: "unsafe",
    });
    expect(decideRetry({ type: "network", reachedServer: true }, post).retry).toBe(false);
    expect(decideRetry({ type: "timeout" }, post)).toEqual({ retry: false, reason: "unsafe" });
    expect(decideRetry(status(503), post)).toEqual({ retry: false, reason: "unsafe" });
    expect(decideRetry(status(409), post)).toEqual({ retry: false, reason: "not-retryable" });
  });

  it("a body that cannot be replayed is treated the same way", () => {
    expect(decideRetry(status(503), { ...get, replayable: false })).toEqual({
      retry: false,
      reason: "unsafe",
    });
    // Even a refused connection: the stream may already be locked by the first try.
    expect(decideRetry({ type: "network", reachedServer: false }, { ...get, replayable: false }).retry).toBe(
      false,
    );
  });

  it("keeps the server's hint when it refuses", () => {
    expect(decideRetry(status(503, { "retry-after": "3" }), post)).toEqual({
      retry: false,
      reason: "unsafe",
      hintMs: 3000,
    });
  });
});

describe("the cap on server hints", () => {
  it("uses the hint as the delay instead of backoff", () => {
    expect(decideRetry(status(503, { "retry-after": "2" }), get)).toEqual({ retry: true, delayMs: 2000 });
    expect(decideRetry(status(429, { "x-ratelimit-reset": "1" }), get)).toEqual({
      retry: true,
      delayMs: 1000,
    });
  });

  it("a hint of 61 s with the default 60 s cap fails fast with the hint", () => {
    expect(decideRetry(status(503, { "retry-after": "61" }), get)).toEqual({
      retry: false,
      reason: "hint-too-long",
      hintMs: 61_000,
    });
    expect(decideRetry(status(429, { "x-ratelimit-reset": "120" }), get)).toEqual({
      retry: false,
      reason: "hint-too-long",
      hintMs: 120_000,
    });
  });

  it("a hint of exactly the cap is waited for; the cap is configurable", () => {
    expect(decideRetry(status(503, { "retry-after": "60" }), get)).toEqual({ retry: true, delayMs: 60_000 });
    const options = { ...KV_DEFAULT_RETRY, maxRetryAfterMs: 120_000, maxElapsedMs: 120_000 };
    expect(decideRetry(status(503, { "retry-after": "61" }), get, options)).toEqual({
      retry: true,
      delayMs: 61_000,
    });
  });
});

describe("exhaustion", () => {
  it("gives up after `retries` (2 by default)", () => {
    expect(decideRetry(status(503), { attempt: 1, idempotent: true }).retry).toBe(true);
    expect(decideRetry(status(503), { attempt: 2, idempotent: true })).toEqual({
      retry: false,
      reason: "exhausted",
    });
    const one = resolveRetryOptions(1);
    expect(decideRetry({ type: "timeout" }, { attempt: 1, idempotent: true }, one)).toEqual({
      retry: false,
      reason: "exhausted",
    });
  });

  it("reports the hint of the last answer when exhausted", () => {
    expect(decideRetry(status(429, { "retry-after": "5" }), { attempt: 2, idempotent: true })).toEqual({
      retry: false,
      reason: "exhausted",
      hintMs: 5000,
    });
  });

  it("retries nothing with retry: false", () => {
    expect(decideRetry(status(503), get, resolveRetryOptions(false))).toEqual({
      retry: false,
      reason: "exhausted",
    });
  });
});

describe("backoffDelayMs", () => {
  it.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 8000],
    [10, 8000],
  ])("attempt %i: step %i, jittered into [half, full]", (attempt, step) => {
    expect(backoffDelayMs(attempt, KV_DEFAULT_RETRY, () => 0)).toBe(step / 2);
    expect(backoffDelayMs(attempt, KV_DEFAULT_RETRY, () => 0.999_999)).toBe(step);
    for (let i = 0; i < 20; i++) {
      const delay = backoffDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  it("follows baseDelayMs and maxDelayMs", () => {
    const options = resolveRetryOptions({ baseDelayMs: 10, maxDelayMs: 30 });
    expect(backoffDelayMs(0, options, () => 0.999_999)).toBe(10);
    expect(backoffDelayMs(1, options, () => 0.999_999)).toBe(20);
    expect(backoffDelayMs(2, options, () => 0.999_999)).toBe(30);
  });
});

describe("resolveRetryOptions", () => {
  it("documented defaults", () => {
    expect(KV_DEFAULT_RETRY).toEqual({
      maxElapsedMs: 60_000,
      retries: 2,
      baseDelayMs: 500,
      maxDelayMs: 8000,
      maxRetryAfterMs: 60_000,
    });
    expect(resolveRetryOptions(undefined)).toEqual(KV_DEFAULT_RETRY);
    expect(resolveRetryOptions({})).toEqual(KV_DEFAULT_RETRY);
  });

  it("false and 0 turn retries off; a number sets retries; an object overrides fields", () => {
    expect(resolveRetryOptions(false)).toEqual({ ...KV_DEFAULT_RETRY, retries: 0 });
    expect(resolveRetryOptions(0).retries).toBe(0);
    expect(resolveRetryOptions(5)).toEqual({ ...KV_DEFAULT_RETRY, retries: 5 });
    expect(resolveRetryOptions({ baseDelayMs: 1 })).toEqual({ ...KV_DEFAULT_RETRY, baseDelayMs: 1 });
  });

  it("does not mutate the defaults", () => {
    resolveRetryOptions({ retries: 9 });
    expect(KV_DEFAULT_RETRY.retries).toBe(2);
  });
});

describe("patience (maxElapsedMs)", () => {
  it("starts no retry whose wait would end past maxElapsedMs after the call began", () => {
    const options = { ...KV_DEFAULT_RETRY, retries: 10, maxElapsedMs: 5000 };
    const limited = status(429, { "retry-after": "2" });
    expect(decideRetry(limited, { ...get, elapsedMs: 3000 }, options)).toEqual({
      retry: true,
      delayMs: 2000,
    });
    expect(decideRetry(limited, { ...get, elapsedMs: 3001 }, options)).toEqual({
      retry: false,
      reason: "patience",
      hintMs: 2000,
    });
    expect(decideRetry(status(503), { ...get, elapsedMs: 5000 }, options)).toEqual({
      retry: false,
      reason: "patience",
    });
  });

  it("lets retries wait out a long starvation when raised with retries", () => {
    const options = resolveRetryOptions({ retries: Number.POSITIVE_INFINITY, maxElapsedMs: 600_000 });
    const limited = status(429, { "x-ratelimit-reset": "60" });
    expect(decideRetry(limited, { ...get, attempt: 40, elapsedMs: 500_000 }, options)).toEqual({
      retry: true,
      delayMs: 60_000,
    });
  });
});
