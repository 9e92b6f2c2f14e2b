import { describe, expect, it } from "vitest";
import { BudgetTracker, budgetFromReadingsForTest, parseRate } from "./budget.js";
import { formatDuration, RateMeter } from "./rate-meter.js";

/** A job under a fixed window of `limit` requests per `windowMs`: each window's requests go in one burst. */
function burstyJob(limit: number, windowMs: number, total: number, burstMs = 50) {
  let now = 0;
  const meter = new RateMeter(() => now);
  const tracker = new BudgetTracker(() => now);
  const etas: Array<{ at: number; eta: number | undefined; done: number }> = [];
  let done = 0;
  for (let window = 0; done < total; window++) {
    const start = window * windowMs;
    for (let i = 0; i < limit && done < total; i++) {
      now = start + (burstMs * i) / limit;
      done++;
      // The answer to the first request of a window says the whole window is left.
      tracker.add({ limit, remaining: limit - 1 - i, resetMs: windowMs - (now - start) });
      meter.setBudget(tracker.budget());
      meter.sample(done);
      etas.push({ at: now, eta: meter.etaSeconds(done, total), done });
    }
  }
  return { etas, endsAt: now };
}

describe("RateMeter", () => {
  it("under a rate limit, the ETA is the remaining work ÷ the limit, not the burst at a window's start", () => {
    const { etas, endsAt } = burstyJob(60, 5000, 3000);
    // From a fifth of the way on, every ETA is within 25% of the real time left (once more than a window).
    for (const { at, eta, done } of etas.filter((e) => e.done > 600 && endsAt - e.at > 10_000)) {
      const real = (endsAt - at) / 1000;
      expect(eta, `at ${done}`).toBeGreaterThan(real * 0.75);
      expect(eta, `at ${done}`).toBeLessThan(real * 1.25);
    }
  });

  it("without a budget, measures the rate over the last stretch of the job", () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    expect(meter.rate()).toBeUndefined();
    // 100 items/s for 30 s, then 10 items/s for 20 s: the rate follows the recent pace.
    let done = 0;
    for (; now < 30_000; now += 100) {
      done += 10;
      meter.sample(done);
    }
    expect(meter.rate()).toBeCloseTo(100, 0);
    for (; now < 50_000; now += 100) {
      done += 1;
      meter.sample(done);
    }
    expect(meter.rate()).toBeCloseTo(10, 0);
    expect(meter.etaSeconds(done, done + 100)).toBeCloseTo(10, 0);
    expect(meter.etaSeconds(done, done)).toBe(0);
  });

  it("a budget caps the rate but never raises it above what the job sustains", () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    meter.setBudget({ limit: 1000, windowMs: 60_000 });
    for (let done = 1; done <= 100; done++) {
      now += 1000;
      meter.sample(done);
    }
    expect(meter.rate()).toBeCloseTo(1, 5);
    meter.setBudget({ limit: 6, windowMs: 60_000 });
    expect(meter.rate()).toBeCloseTo(0.1, 5);
  });

  it("formats durations for people", () => {
    expect(formatDuration(undefined)).toBe("?");
    expect(formatDuration(44.6)).toBe("45s");
    expect(formatDuration(200)).toBe("3m 20s");
    expect(formatDuration(7500)).toBe("2h 05m");
  });
});

describe("budget", () => {
  it("parses --rate N/WINDOW, a minute by default", () => {
    expect(parseRate("1000/1m")).toMatchObject({ limit: 1000, windowMs: 60_000 });
    expect(parseRate("60/5s")).toMatchObject({ limit: 60, windowMs: 5000 });
    expect(parseRate("50/500ms")).toMatchObject({ limit: 50, windowMs: 500 });
    expect(parseRate("1000")).toMatchObject({ limit: 1000, windowMs: 60_000 });
    expect(() => parseRate("fast")).toThrow(/1000\/1m/);
    expect(() => parseRate("0/1s")).toThrow();
  });

  it("learns the window from an answer that opened it, else assumes the documented minute", () => {
    const mid = budgetFromReadingsForTest([{ limit: 60, remaining: 20, resetMs: 2000 }]);
    expect(mid).toMatchObject({ limit: 60, windowMs: 60_000 });
    const opened = budgetFromReadingsForTest([
      { limit: 60, remaining: 20, resetMs: 2000 },
      { limit: 60, remaining: 59, resetMs: 4200 },
    ]);
    expect(opened).toMatchObject({ limit: 60, windowMs: 5000 });
    expect(budgetFromReadingsForTest([{ limit: undefined, remaining: 3, resetMs: 1000 }])).toBeUndefined();
  });
});
