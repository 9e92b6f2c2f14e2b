import { describe, expect, it } from "vitest";
import { mapWithLimit } from "./pool.js";
import { KvSingleFlight } from "./single-flight.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("mapWithLimit", () => {
  it("keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithLimit([...Array(50).keys()], 7, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      return n * 2;
    });
    expect(out).toEqual([...Array(50).keys()].map((n) => n * 2));
    expect(peak).toBe(7);
  });

  it("stops starting tasks after a failure and rejects with it", async () => {
    let started = 0;
    const run = mapWithLimit([...Array(100).keys()], 4, async (n) => {
      started++;
      await tick();
      if (n === 2) throw new Error("boom");
      return n;
    });
    await expect(run).rejects.toThrow("boom");
    expect(started).toBeLessThan(10);
  });
});

describe("KvSingleFlight", () => {
  it("shares one run among concurrent callers and starts afresh afterwards", async () => {
    const flight = new KvSingleFlight<number>();
    let runs = 0;
    const task = async () => {
      runs++;
      await tick();
      return runs;
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => flight.run("k", task)));
    expect(new Set(results)).toEqual(new Set([1]));
    expect(await flight.run("k", task)).toBe(2);
  });

  it("tells a forgotten run it is no longer current", async () => {
    const flight = new KvSingleFlight<boolean>();
    const first = flight.run("k", async (isCurrent) => {
      await tick();
      return isCurrent();
    });
    await Promise.resolve();
    flight.forget("k");
    expect(await first).toBe(false);
  });
});
