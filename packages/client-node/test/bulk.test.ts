import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createKvClient,
  isKvAbortError,
  type KvBulkProgress,
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
    expect(progress.at(-1)).toEqual({ done: 51, total: 51, failed: 1, concurrency: 5 });
    expect(progress.map((update) => update.done)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));

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
    await expect(pending).rejects.toSatisfy(isKvAbortError);
  });

  /** Runs putMany under 15% injected 429s, recording when requests left and when 429s came back. */
  async function putManyUnder429(retry: false | undefined, count: number) {
    const sent: number[] = [];
    const limited: number[] = [];
    const client = createKvClient({
      apiKey: TEST_API_KEY,
      baseUrl: rig.emulator.url,
      env: {},
      ...(retry === false ? { retry } : {}),
      fetch: async (input, init) => {
        sent.push(Date.now());
        const response = await fetch(input, init);
        if (response.status === 429) limited.push(Date.now());
        return response;
      },
    });
    const entries = Array.from({ length: count }, (_, i) => ({ key: `rl/${i}`, value: "x" }));
    const concurrency: number[] = [];
    rig.emulator.setFaults({ failureRate: 0.15, failureKinds: ["429"] });
    try {
      const results = await client
        .namespace(rig.namespaceId)
        .putMany(entries, { concurrency: 8, onProgress: (update) => concurrency.push(update.concurrency) });
      return { results, sent, limited, concurrency };
    } finally {
      rig.emulator.setFaults(undefined);
      await client.close();
    }
  }

  for (const [title, retry, count] of [
    ["when 429s end items (retries off)", false, 40],
    ["when the client's own retries absorb the 429s", undefined, 24],
  ] as const) {
    it(`slows the whole batch ${title}: pauses every start for the hint and halves concurrency`, async () => {
      const { results, sent, limited, concurrency } = await putManyUnder429(retry, count);
      expect(limited.length).toBeGreaterThan(0);
      // Every item ended well: 429s were waited out and repeated.
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(Math.min(...concurrency)).toBeLessThan(8);
      // The emulator's 429 says x-ratelimit-reset: 1 (1 s): no request leaves in that window after one.
      for (const at of limited) {
        expect(sent.filter((time) => time > at + 50 && time < at + 900)).toEqual([]);
      }
    }, 60_000);
  }
});
