import { KV_DEFAULT_RETRY } from "@telnyx-kv/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KvAdaptiveLimiter } from "./limiter.js";
import { KvRateBudget } from "./rate-budget.js";

function fakeClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("KvAdaptiveLimiter", () => {
  it("lets at most `limit` tasks run", async () => {
    const limiter = new KvAdaptiveLimiter({ maxConcurrency: 2 });
    await limiter.acquire();
    await limiter.acquire();
    let third = false;
    const waiting = limiter.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    limiter.release(true);
    await waiting;
    expect(limiter.state.active).toBe(2);
  });

  it("halves once per pause however many workers report the same 429, and pauses starts", async () => {
    const clock = fakeClock();
    const limiter = new KvAdaptiveLimiter({ maxConcurrency: 16, now: clock.now });
    limiter.rateLimited(100);
    limiter.rateLimited(100);
    limiter.rateLimited(90);
    expect(limiter.state).toMatchObject({ limit: 8, pausedUntil: clock.now() + 100 });
    let started = false;
    const waiting = limiter.acquire().then(() => (started = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started).toBe(false);
    clock.advance(100);
    await waiting; // the pause timer (real time) re-checks the clock and lets it through
    limiter.release(true);
    // A 429 after the pause ended is a new signal: halve again.
    limiter.rateLimited(undefined);
    expect(limiter.state.limit).toBe(4);
    expect(limiter.state.pausedUntil).toBe(clock.now() + 1000);
    limiter.dispose();
  });

  it("never drops below one and recovers one slot per full round of successes", async () => {
    const clock = fakeClock();
    const limiter = new KvAdaptiveLimiter({ maxConcurrency: 4, now: clock.now });
    for (let i = 0; i < 5; i++) {
      limiter.rateLimited(10);
      clock.advance(10);
    }
    expect(limiter.state.limit).toBe(1);
    const succeed = async () => {
      await limiter.acquire();
      limiter.release(true);
    };
    await succeed();
    expect(limiter.state.limit).toBe(2);
    await succeed();
    expect(limiter.state.limit).toBe(2);
    await succeed();
    expect(limiter.state.limit).toBe(3);
    for (let i = 0; i < 10; i++) await succeed();
    expect(limiter.state.limit).toBe(4);
    limiter.dispose();
  });

  describe("caps a pause (fake timers)", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("an epoch-sized hint pauses for maxPauseMs (core's maxRetryAfterMs, 60 s), not for years", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const limiter = new KvAdaptiveLimiter({ maxConcurrency: 4 });
      // An epoch x-ratelimit-reset (seconds) read as a duration, and a Retry-After of days.
      limiter.rateLimited(1_764_590_000 * 1000);
      expect(limiter.state.pausedUntil).toBe(1_000_000 + KV_DEFAULT_RETRY.maxRetryAfterMs);
      limiter.rateLimited(3 * 86_400_000);
      expect(limiter.state.pausedUntil).toBe(1_000_000 + 60_000);
      let startedAt: number | undefined;
      const waiting = limiter.acquire().then(() => (startedAt = Date.now() - 1_000_000));
      await vi.advanceTimersByTimeAsync(59_999);
      expect(startedAt).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(startedAt).toBe(60_000);
      limiter.dispose();
    });

    it("takes its cap from maxPauseMs, keeps shorter hints as they are, and never pauses into the past", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const limiter = new KvAdaptiveLimiter({ maxConcurrency: 4, maxPauseMs: 5000 });
      limiter.rateLimited(4000);
      expect(limiter.state.pausedUntil).toBe(1_004_000);
      limiter.rateLimited(Number.POSITIVE_INFINITY);
      expect(limiter.state.pausedUntil).toBe(1_005_000);
      await vi.advanceTimersByTimeAsync(5000);
      limiter.rateLimited(-50);
      expect(limiter.state.pausedUntil).toBe(Date.now());
      await limiter.acquire();
      limiter.dispose();
    });
  });

  describe("with a rate budget as its gate (fake timers)", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    const limits = (remaining: number, reset: number) =>
      new Headers({ "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": String(reset) });

    it("holds starts once the budget is spent and lets them go at the reset", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const budget = new KvRateBudget();
      const limiter = new KvAdaptiveLimiter({ maxConcurrency: 8, gate: budget });
      budget.answered(budget.sent(), limits(2, 3));
      const started: number[] = [];
      const run = async () => {
        await limiter.acquire();
        started.push(Date.now() - 1_000_000);
        limiter.release(true);
      };
      const all = Promise.all(Array.from({ length: 4 }, run));
      await vi.advanceTimersByTimeAsync(2999);
      expect(started).toEqual([0, 0]);
      await vi.advanceTimersByTimeAsync(1);
      await all;
      expect(started).toEqual([0, 0, 3000, 3000]);
      limiter.dispose();
    });

    it("a waiting start gives up when its signal fires", async () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const budget = new KvRateBudget();
      const limiter = new KvAdaptiveLimiter({ maxConcurrency: 2, gate: budget });
      budget.answered(budget.sent(), limits(0, 60));
      const controller = new AbortController();
      const waiting = limiter.acquire(controller.signal);
      controller.abort(new Error("stop"));
      await expect(waiting).rejects.toThrow("stop");
      expect(limiter.state.active).toBe(0);
      await expect(limiter.acquire(controller.signal)).rejects.toThrow("stop");
      limiter.dispose();
    });
  });
});
