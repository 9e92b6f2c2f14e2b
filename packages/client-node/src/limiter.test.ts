import { describe, expect, it } from "vitest";
import { KvAdaptiveLimiter } from "./limiter.js";

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
});
