import { describe, expect, it } from "vitest";
import { KvCallerRateLimit } from "../src/proxy/rate-limit.js";

// take() is given the caller directly here; spend() (which reads the key) is proven through the proxy.
const unusedKey = () => "unused";

describe("KvCallerRateLimit", () => {
  it("lets a caller burst to perMinute, then refills continuously", () => {
    let now = 1_000_000;
    const limit = new KvCallerRateLimit(60, unusedKey, () => now);
    for (let i = 0; i < 60; i++) expect(limit.take("a"), `request ${i}`).toBeUndefined();
    const refused = limit.take("a");
    expect(refused).toMatchObject({ status: 429, code: "10011" });
    // 60 a minute is one a second: the next one is a second away.
    expect(refused?.headers).toEqual({
      "x-ratelimit-limit": "60",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "1",
    });
    now += 999;
    expect(limit.take("a")?.status).toBe(429);
    now += 1;
    expect(limit.take("a")).toBeUndefined();
    expect(limit.take("a")?.status).toBe(429);
    // Another caller's allowance is its own.
    expect(limit.take("b")).toBeUndefined();
  });

  it("says how many seconds until the next request fits, rounded up", () => {
    let now = 0;
    const limit = new KvCallerRateLimit(2, unusedKey, () => now);
    limit.take("a");
    limit.take("a");
    expect(limit.take("a")?.headers?.["x-ratelimit-reset"]).toBe("30");
    now += 29_001;
    expect(limit.take("a")?.headers?.["x-ratelimit-reset"]).toBe("1");
  });

  it("forgets callers whose allowance is full again, at most once a minute", () => {
    let now = 0;
    const limit = new KvCallerRateLimit(10, unusedKey, () => now);
    for (let i = 0; i < 100; i++) limit.take(`caller-${i}`);
    expect(limit.size).toBe(100);
    now += 30_000;
    for (let i = 0; i < 10; i++) limit.take("late");
    expect(limit.size).toBe(101);
    now += 31_000;
    // The first hundred are full again after a minute; "late" spent all ten and is only half refilled.
    limit.take("next");
    expect(limit.size).toBe(2);
  });
});
