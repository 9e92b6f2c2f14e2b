import { describe, expect, it } from "vitest";
import { KvRateBudget } from "./rate-budget.js";

function fakeClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const limits = (remaining: number, reset: number, limit = 60) =>
  new Headers({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(reset),
  });

/** Sends one request and answers it at once with these headers. */
function roundTrip(budget: KvRateBudget, headers: Headers) {
  budget.answered(budget.sent(), headers);
}

describe("KvRateBudget", () => {
  it("lets starts through until an answer tells the budget", () => {
    const budget = new KvRateBudget(fakeClock().now);
    for (let i = 0; i < 100; i++) expect(budget.take()).toBe(0);
    roundTrip(budget, new Headers({ "content-type": "text/plain" }));
    expect(budget.take()).toBe(0);
    expect(budget.state.allowance).toBe(Number.POSITIVE_INFINITY);
  });

  it("spends what remains, then waits for the reset, then starts again", () => {
    const clock = fakeClock();
    const budget = new KvRateBudget(clock.now);
    roundTrip(budget, limits(3, 5));
    expect(budget.state).toMatchObject({ allowance: 3, until: clock.now() + 5000, inFlight: 0, limit: 60 });
    expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 0]);
    expect(budget.take()).toBe(5000);
    clock.advance(4000);
    expect(budget.take()).toBe(1000);
    clock.advance(1000);
    expect(budget.take()).toBe(0);
    // A new window is assumed: the limit, less the four starts not yet sent.
    expect(budget.state).toMatchObject({ allowance: 56, until: 0 });
  });

  it("after a reset lets at most the limit start before an answer tells the new window's count", async () => {
    const clock = fakeClock();
    const budget = new KvRateBudget(clock.now);
    roundTrip(budget, limits(0, 1, 3));
    expect(budget.take()).toBe(1000);
    clock.advance(1000);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([0, 0, 0]);
    // Three are out and nobody has answered yet: ask again soon (an answer usually wakes the limiter first).
    expect(budget.take()).toBe(100);
    const sent: number[] = [];
    await Promise.all([1, 2, 3].map(() => budget.run(async () => sent.push(budget.sent()))));
    budget.answered(sent[0]!, limits(2, 1, 3));
    expect(budget.state).toMatchObject({ allowance: 0, inFlight: 2, reserved: 0 });
  });

  it("counts requests still in flight against what remains", () => {
    const clock = fakeClock();
    const budget = new KvRateBudget(clock.now);
    const first = budget.sent();
    for (let i = 0; i < 4; i++) budget.sent();
    budget.answered(first, limits(6, 5));
    // Four are out and may not be counted by the server yet: 6 - 4.
    expect(budget.state).toMatchObject({ allowance: 2, inFlight: 4 });
    budget.failed();
    expect(budget.state.inFlight).toBe(3);
  });

  it("takes only lower news within a window, whatever order the answers come back in", () => {
    const clock = fakeClock();
    const budget = new KvRateBudget(clock.now);
    roundTrip(budget, limits(10, 5));
    roundTrip(budget, limits(12, 5)); // made earlier by the server, arrived later
    expect(budget.state.allowance).toBe(10);
    roundTrip(budget, limits(4, 5));
    expect(budget.state.allowance).toBe(4);
    // The reset is rounded up to whole seconds: the tightest end seen wins.
    clock.advance(300);
    roundTrip(budget, limits(3, 4));
    expect(budget.state.until).toBe(clock.now() + 4000);
  });

  it("ignores answers to requests sent before the window it believes began", () => {
    const clock = fakeClock();
    const budget = new KvRateBudget(clock.now);
    roundTrip(budget, limits(2, 1));
    const late = budget.sent(); // leaves in the old window
    clock.advance(1000);
    // The old window is over: an answer to a request sent in it says nothing sure about the new one.
    budget.answered(late, limits(0, 1));
    expect(budget.state).toMatchObject({ allowance: 60, until: 0 });
    const fresh = budget.sent();
    const stale = clock.now() - 1;
    budget.answered(fresh, limits(50, 5));
    expect(budget.state.allowance).toBe(50);
    budget.sent();
    budget.answered(stale, limits(0, 5));
    expect(budget.state.allowance).toBe(50);
  });

  it("gives one back when an answer shows its request was counted before the lowest count seen", () => {
    const budget = new KvRateBudget(fakeClock().now);
    roundTrip(budget, limits(10, 5));
    const a = budget.sent();
    const b = budget.sent();
    expect(budget.state.allowance).toBe(8);
    budget.answered(b, limits(8, 5)); // a was counted first (9 left), b second
    expect(budget.state.allowance).toBe(7); // a may still be uncounted, as far as the client knows
    budget.answered(a, limits(9, 5));
    expect(budget.state.allowance).toBe(8); // the truth: 8 left, nothing in flight
  });

  it("reserves each start until its task's first request leaves, or the task ends without one", async () => {
    const budget = new KvRateBudget(fakeClock().now);
    roundTrip(budget, limits(5, 5));
    expect([budget.take(), budget.take()]).toEqual([0, 0]);
    expect(budget.state).toMatchObject({ allowance: 3, reserved: 2, inFlight: 0 });
    await budget.run(async () => {
      const first = budget.sent();
      expect(budget.state).toMatchObject({ allowance: 3, reserved: 1, inFlight: 1 });
      budget.answered(first, limits(4, 5));
      budget.sent(); // a retry spends no second reservation
      expect(budget.state).toMatchObject({ allowance: 2, reserved: 1, inFlight: 1 });
      budget.failed();
    });
    // A task that failed before sending anything (a bad key, say) frees its start.
    await expect(budget.run(() => Promise.reject(new Error("bad key")))).rejects.toThrow("bad key");
    expect(budget.state).toMatchObject({ allowance: 4, reserved: 0, inFlight: 0 });
  });

  it("waits out a 429's reset", () => {
    const clock = fakeClock();
    const budget = new KvRateBudget(clock.now);
    roundTrip(budget, limits(0, 2));
    expect(budget.take()).toBe(2000);
  });
});
