import { FAULT_HEADER } from "@telnyx-kv/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createKvClient,
  KvAbortError,
  type KvBulkProgress,
  KvConfigError,
  type KvNodeNamespaceClient,
} from "../src/index.js";
import { startRig, TEST_API_KEY, type TestRig } from "./helpers.js";

describe("bulk helpers", () => {
  let rig: TestRig;
  let kv: KvNodeNamespaceClient;
  beforeAll(async () => {
    rig = await startRig();
    kv = rig.client.namespace(rig.namespaceId);
  });
  afterAll(() => rig.close());

  it("puts, gets and deletes many with per-item results in input order", async () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({
      key: `bulk/${String(i).padStart(2, "0")}`,
      value: `v${i}`,
    }));
    const progress: KvBulkProgress[] = [];
    const put = await kv.putMany([...entries, { key: "_reserved", value: "x" }], {
      concurrency: 5,
      onProgress: (update) => progress.push(update),
    });
    expect(put.slice(0, 50).every((result) => result.ok && result.value.created)).toBe(true);
    expect(put[50]).toMatchObject({ key: "_reserved", ok: false, error: { kind: "validation" } });
    expect(progress.at(-1)).toMatchObject({ done: 51, total: 51, failed: 1 });
    expect(progress.map((update) => update.done)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    // Each update names the item that finished: every input index once, ok as in its result.
    expect(progress.map((update) => update.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 51 }, (_, i) => i),
    );
    for (const update of progress) {
      expect(update.key).toBe(put[update.index]!.key);
      expect(update.ok).toBe(put[update.index]!.ok);
    }

    const got = await kv.getMany(["bulk/03", "missing", "bulk/49"]);
    expect(got).toEqual([
      { key: "bulk/03", ok: true, value: "v3" },
      { key: "missing", ok: true, value: null },
      { key: "bulk/49", ok: true, value: "v49" },
    ]);
    await kv.putJson("bulk-json", { a: 1 });
    expect(await kv.getMany(["bulk-json"], { type: "json" })).toEqual([
      { key: "bulk-json", ok: true, value: { a: 1 } },
    ]);
    const bytes = await kv.getMany(["bulk/01"], { type: "bytes" });
    expect(bytes[0]!.ok && new TextDecoder().decode(bytes[0]!.value!)).toBe("v1");

    const deleted = await kv.deleteMany(["bulk/00", "bulk/01"]);
    expect(deleted).toEqual([
      { key: "bulk/00", ok: true, value: undefined },
      { key: "bulk/01", ok: true, value: undefined },
    ]);
    const removed = await kv.deletePrefix("bulk/", { concurrency: 4 });
    expect(removed).toHaveLength(48);
    expect(removed.every((result) => result.ok)).toBe(true);
    const left = [];
    for await (const info of kv.list({ prefix: "bulk" })) left.push(info.key);
    expect(left).toEqual(["bulk-json"]);
  });

  it("rejects an invalid deletePrefix prefix instead of throwing synchronously", async () => {
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = kv.deletePrefix("not a prefix!");
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ kind: "validation", input: "prefix" });
  });

  it("rejects a bad concurrency with a KvConfigError naming the option, before any request", async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => kv.putMany([{ key: "never", value: "x" }], { concurrency: 0 }),
      () => kv.getMany(["never"], { concurrency: 1.5 }),
      () => kv.deleteMany(["never"], { concurrency: -1 }),
      () => kv.deletePrefix("never/", { concurrency: Number.NaN }),
      async () => {
        for await (const _ of kv.getEach(["never"], { concurrency: 0 })) expect.unreachable();
      },
    ];
    for (const call of calls) {
      const error = await call().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(KvConfigError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ option: "concurrency" });
      expect((error as Error).message).toMatch(/concurrency must be a whole number of at least 1/);
    }
    expect(await kv.get("never")).toBeNull();
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const client = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: rig.emulator.url,
      env: {},
      fetch: async (input, init) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await fetch(input, init);
        } finally {
          inFlight--;
        }
      },
    });
    const keys = Array.from({ length: 40 }, (_, i) => `c${i}`);
    await client.namespace(rig.namespaceId).getMany(keys, { concurrency: 3 });
    expect(peak).toBe(3);
    await client.close();
  });

  it("rejects with a KvAbortError when the signal fires", async () => {
    const controller = new AbortController();
    const keys = Array.from({ length: 200 }, (_, i) => `a${i}`);
    const pending = kv.getMany(keys, {
      signal: controller.signal,
      concurrency: 2,
      onProgress: ({ done }) => {
        if (done === 5) controller.abort();
      },
    });
    await expect(pending).rejects.toSatisfy(KvAbortError.isInstance);
  });

  /**
   * Runs putMany with the first request of every fifth key answered 429 (a fixed pattern, not a random rate:
   * the test never gets none), recording when requests left and when 429s came back.
   */
  async function putManyUnder429(retry: false | undefined, count: number) {
    const sent: number[] = [];
    const limited: number[] = [];
    const refused = new Set<string>();
    const client = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: rig.emulator.url,
      env: {},
      ...(retry === false ? { retry } : {}),
      fetch: async (input, init) => {
        sent.push(Date.now());
        const request = new Request(input, init);
        const key = decodeURIComponent(new URL(request.url).pathname.split("/keys/")[1] ?? "");
        if (Number(key.split("/")[1]) % 5 === 2 && !refused.has(key)) {
          refused.add(key);
          request.headers.set(FAULT_HEADER, "429");
        }
        const response = await fetch(request);
        if (response.status === 429) limited.push(Date.now());
        return response;
      },
    });
    const entries = Array.from({ length: count }, (_, i) => ({ key: `rl/${i}`, value: "x" }));
    try {
      const results = await client.namespace(rig.namespaceId).putMany(entries, { concurrency: 8 });
      return { results, sent, limited };
    } finally {
      await client.close();
    }
  }

  /** No request leaves while the pause a 429 imposed on the client lasts (the emulator's says reset: 1 s). */
  function expectPausedAfterEach429(sent: number[], limited: number[]) {
    for (const at of limited) {
      expect(sent.filter((time) => time > at + 50 && time < at + 900)).toEqual([]);
    }
  }

  it("lets the client's own retries absorb 429s, pausing every start for the hint", async () => {
    const { results, sent, limited } = await putManyUnder429(undefined, 24);
    expect(limited.length).toBeGreaterThan(0);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    // Each 429 cost exactly one more request: nothing was run twice on top of the retry loop.
    expect(sent).toHaveLength(24 + limited.length);
    expectPausedAfterEach429(sent, limited);
  }, 60_000);

  it("never runs an item again itself: with retries off, an item that got a 429 fails with it", async () => {
    const { results, sent, limited } = await putManyUnder429(false, 20);
    expect(limited.length).toBeGreaterThan(0);
    expect(sent).toHaveLength(20);
    const failed = results.filter((result) => !result.ok);
    expect(failed).toHaveLength(limited.length);
    for (const result of failed) expect(result).toMatchObject({ ok: false, error: { status: 429 } });
    expectPausedAfterEach429(sent, limited);
  }, 60_000);

  it("paces from x-ratelimit-* headers so a job longer than the budget gets no 429", async () => {
    const limited = await startRig({
      emulator: { rateLimitPerMinute: 20, rateLimitWindowMs: 1000, recordRequests: true },
    });
    try {
      const entries = Array.from({ length: 60 }, (_, i) => ({ key: `paced/${i}`, value: `v${i}` }));
      const startedAt = performance.now();
      const results = await limited.client
        .namespace(limited.namespaceId)
        .putMany(entries, { concurrency: 8 });
      const elapsedMs = performance.now() - startedAt;
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(limited.emulator.requests.filter((record) => record.status === 429)).toEqual([]);
      expect(limited.emulator.requests.filter((record) => record.method === "PUT")).toHaveLength(60);
      // 60 writes (plus the rig's setup requests) at 20 per 1 s window span at least two window boundaries.
      expect(elapsedMs).toBeGreaterThan(2000);
    } finally {
      await limited.close();
    }
  });
});

describe("bulk pacing on a fake clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A server with a fixed window of `limit` requests per `windowMs`, answering after `latencyMs`. */
  function fixedWindowFetch(limit: number, windowMs: number, latencyMs: number) {
    let windowStart = Number.NEGATIVE_INFINITY;
    let used = 0;
    const log: Array<{ at: number; status: number }> = [];
    const fetch: typeof globalThis.fetch = async () => {
      const now = Date.now();
      if (now - windowStart >= windowMs) {
        windowStart = now;
        used = 0;
      }
      const status = used < limit ? 201 : 429;
      if (status === 201) used++;
      const headers = {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(limit - used),
        "x-ratelimit-reset": String(Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000))),
      };
      log.push({ at: now, status });
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const body =
        status === 429
          ? JSON.stringify({ errors: [{ code: "10011", title: "Too many requests", detail: "slow down" }] })
          : null;
      return new Response(body, { status, headers });
    };
    return { fetch, log };
  }

  it("spends the window's allowance, waits for the reset, and never sees a 429", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-01T12:00:00Z") });
    const server = fixedWindowFetch(10, 2000, 20);
    const client = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: "http://kv.test/v2",
      env: {},
      fetch: server.fetch,
    });
    const entries = Array.from({ length: 35 }, (_, i) => ({ key: `k${i}`, value: "x" }));
    const startedAt = Date.now();
    let finished = false;
    const pending = client
      .namespace("0b6b2d7e-3f4e-4c59-9d0e-8a1f2b3c4d5e")
      .putMany(entries, { concurrency: 4 })
      .finally(() => (finished = true));
    while (!finished) await vi.advanceTimersByTimeAsync(10);
    const results = await pending;
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(server.log.filter((entry) => entry.status === 429)).toEqual([]);
    expect(server.log).toHaveLength(35);
    // Four windows of 2 s are needed (10 + 10 + 10 + 5); the reset is read in whole seconds, so each wait
    // ends no more than a second after the server's window does.
    const lastStart = server.log.at(-1)!.at - startedAt;
    expect(lastStart).toBeGreaterThanOrEqual(6000);
    expect(lastStart).toBeLessThan(6000 + 3 * 1000);
    await client.close();
  });
});
