import { describe, expect, it } from "vitest";
import { KvCallerBudget } from "../src/proxy/rate-limit.js";

describe("KvCallerBudget", () => {
  it("lets a caller burst to perMinute, then refills continuously", () => {
    let now = 1_000_000;
    const budget = new KvCallerBudget(60, () => now);
    for (let i = 0; i < 60; i++) expect(budget.take("a"), `request ${i}`).toBeUndefined();
    const refused = budget.take("a");
    expect(refused).toMatchObject({ status: 429, code: "10011" });
    // 60 a minute is one a second: the next one is a second away.
    expect(refused?.headers).toEqual({
      "x-ratelimit-limit": "60",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1",
    });
    now += 999;
    expect(budget.take("a")?.status).toBe(429);
    now += 1;
    expect(budget.take("a")).toBeUndefined();
    expect(budget.take("a")?.status).toBe(429);
    // Another caller's budget is its own.
    expect(budget.take("b")).toBeUndefined();
  });

  it("says how many seconds until the next request fits, rounded up", () => {
    let now = 0;
    const budget = new KvCallerBudget(2, () => now);
    budget.take("a");
    budget.take("a");
    expect(budget.take("a")?.headers?.["x-ratelimit-reset"]).toBe("30");
    now += 29_001;
    expect(budget.take("a")?.headers?.["x-ratelimit-reset"]).toBe("1");
  });

  it("forgets callers whose budget is full again, at most once a minute", () => {
    let now = 0;
    const budget = new KvCallerBudget(10, () => now);
    for (let i = 0; i < 100; i++) budget.take(`caller-${i}`);
    expect(budget.size).toBe(100);
    now += 30_000;
    for (let i = 0; i < 10; i++) budget.take("late");
    expect(budget.size).toBe(101);
    now += 31_000;
    // The first hundred are full again after a minute; "late" spent all ten and is only half refilled.
    budget.take("next");
    expect(budget.size).toBe(2);
  });
});
