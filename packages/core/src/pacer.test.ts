import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { KvAttemptInfo } from "./attempt-hooks.js";
import { createKvPacer, type KvPacer } from "./pacer.js";

const T0 = Date.parse("2026-12-01T12:00:00Z");

function info(overrides: Partial<KvAttemptInfo> = {}): KvAttemptInfo {
  return {
    op: { name: "keys.put", method: "PUT" },
    attempt: 0,
    namespaceId: undefined,
    key: undefined,
    deadline: Number.POSITIVE_INFINITY,
    signal: undefined,
    ...overrides,
  };
}

function answer(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

const budget = (limit: number, remaining: number, reset: number) => ({
  "x-ratelimit-limit": String(limit),
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset": String(reset),
});

/** Starts an attempt and says whether it went at once. */
async function startsAtOnce(pacer: KvPacer, attempt = info()): Promise<boolean> {
  const wait = pacer.beforeAttempt(attempt);
  if (!wait) return true;
  let started = false;
  void wait.then(() => (started = true));
  await vi.advanceTimersByTimeAsync(0);
  return started;
}

describe("KvPacer", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets everything through while no answer has told a budget", async () => {
    const pacer = createKvPacer();
    for (let i = 0; i < 50; i++) expect(await startsAtOnce(pacer)).toBe(true);
    expect(pacer.state).toMatchObject({ inFlight: 50, waiting: 0, remaining: undefined });
  });

  it("pauses every start for the wait a 429 names, and lets them go after it", async () => {
    const pacer = createKvPacer();
    const first = info();
    pacer.beforeAttempt(first);
    pacer.afterAttempt(first, { response: answer(429, { "retry-after": "2" }), sentAt: T0 });
    const held = pacer.beforeAttempt(info());
    expect(held).toBeInstanceOf(Promise);
    let started = false;
    void held?.then(() => (started = true));
    await vi.advanceTimersByTimeAsync(1990);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(started).toBe(true);
  });

  it("spreads a window's remaining budget over the time left instead of bursting it", async () => {
    const pacer = createKvPacer();
    const probe = info();
    pacer.beforeAttempt(probe);
    pacer.afterAttempt(probe, { response: answer(200, budget(100, 99, 10)), sentAt: T0 });
    const starts: number[] = [];
    const pending = Array.from({ length: 40 }, () => {
      const attempt = info();
      const wait = pacer.beforeAttempt(attempt);
      return Promise.resolve(wait).then(() => starts.push(Date.now() - T0));
    });
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(pending);
    // A burst of a tenth of the limit at once, then about 99 / 10 s: one start every ~100 ms.
    expect(starts.filter((at) => at === 0)).toHaveLength(10);
    expect(starts.at(-1)).toBeGreaterThan(2500);
    expect(starts.at(-1)).toBeLessThan(4000);
  });

  it("holds starts once the window's budget is spent, then sends one probe to learn the next window", async () => {
    const pacer = createKvPacer();
    const probe = info();
    pacer.beforeAttempt(probe);
    pacer.afterAttempt(probe, { response: answer(200, budget(10, 0, 3)), sentAt: T0 });
    const a = info();
    const b = info();
    const waitA = pacer.beforeAttempt(a);
    const waitB = pacer.beforeAttempt(b);
    let startedA = false;
    let startedB = false;
    void waitA?.then(() => (startedA = true));
    void waitB?.then(() => (startedB = true));
    await vi.advanceTimersByTimeAsync(2900);
    expect([startedA, startedB]).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(200);
    // The window is over: one attempt goes alone; the other waits for what its answer says.
    expect([startedA, startedB]).toEqual([true, false]);
    pacer.afterAttempt(a, { response: answer(200, budget(10, 9, 3)), sentAt: Date.now() });
    await vi.advanceTimersByTimeAsync(0);
    expect(startedB).toBe(true);
  });

  it("slows to its share when the budget falls faster than its own use", async () => {
    const pacer = createKvPacer();
    let remaining = 600;
    // Every answer of this client shows the account spent three requests: two other processes spend too.
    for (let i = 0; i < 12; i++) {
      const attempt = info();
      await pacer.beforeAttempt(attempt);
      pacer.afterAttempt(attempt, { response: answer(200, budget(600, remaining, 60)), sentAt: Date.now() });
      remaining -= 3;
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(pacer.state.share).toBeGreaterThan(0.3);
    expect(pacer.state.share).toBeLessThan(0.45);
  });

  it("lets a held attempt go at its call's deadline, and an abort rejects it", async () => {
    const pacer = createKvPacer();
    const first = info();
    pacer.beforeAttempt(first);
    pacer.afterAttempt(first, { response: answer(429, { "retry-after": "30" }), sentAt: T0 });
    const late = pacer.beforeAttempt(info({ deadline: T0 + 5000 }));
    let started = false;
    void late?.then(() => (started = true));
    await vi.advanceTimersByTimeAsync(5001);
    expect(started).toBe(true);

    const controller = new AbortController();
    const aborted = pacer.beforeAttempt(info({ signal: controller.signal }));
    controller.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
    expect(pacer.state.waiting).toBe(0);
  });

  it("stops pacing once a server stops sending the budget", async () => {
    const pacer = createKvPacer();
    const first = info();
    pacer.beforeAttempt(first);
    pacer.afterAttempt(first, { response: answer(200, budget(10, 0, 1)), sentAt: T0 });
    await vi.advanceTimersByTimeAsync(1000);
    const probe = info();
    await pacer.beforeAttempt(probe);
    pacer.afterAttempt(probe, { response: answer(200), sentAt: Date.now() });
    for (let i = 0; i < 20; i++) expect(await startsAtOnce(pacer)).toBe(true);
  });
});
