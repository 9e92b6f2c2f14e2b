import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KvAbortError, type KvNodeNamespaceClient } from "../src/index.js";
import { startRig, type TestRig } from "./helpers.js";

describe("getEach", () => {
  let rig: TestRig;
  let kv: KvNodeNamespaceClient;
  const keys = Array.from({ length: 120 }, (_, i) => `each/${String(i).padStart(3, "0")}`);
  beforeAll(async () => {
    rig = await startRig({ emulator: { recordRequests: true } });
    kv = rig.client.namespace(rig.namespaceId);
    await kv.putMany(
      keys.map((key, i) => ({
        key,
        value: i % 2 ? `text ${i}` : new Uint8Array([i, 0, 255]),
        contentType: i % 2 ? "text/plain" : "application/octet-stream",
      })),
    );
  });
  afterAll(() => rig.close());

  async function* listed(prefix: string): AsyncGenerator<string> {
    for await (const info of kv.list({ prefix })) yield info.key;
  }

  it("yields every key of a listing in order, with bytes and content type; a missing key is null", async () => {
    const seen = [];
    for await (const result of kv.getEach(listed("each/"), { concurrency: 8 })) seen.push(result);
    expect(seen.map((result) => result.key)).toEqual(keys);
    expect(seen[1]).toMatchObject({ ok: true, value: { contentType: "text/plain" } });
    const second = seen[1]!;
    expect(second.ok && new TextDecoder().decode(second.value!.bytes)).toBe("text 1");
    const first = seen[0]!;
    expect(first.ok && [...first.value!.bytes]).toEqual([0, 0, 255]);
    const missing = [];
    for await (const result of kv.getEach(["each/000", "no-such-key"])) missing.push(result);
    expect(missing[1]).toEqual({ key: "no-such-key", ok: true, value: null });
  });

  it("takes at most twice the concurrency ahead of a consumer that waits", async () => {
    let pulled = 0;
    function* counted() {
      for (const key of keys) {
        pulled++;
        yield key;
      }
    }
    const each = kv.getEach(counted(), { concurrency: 4 });
    const first = await each.next();
    expect(first.value).toMatchObject({ key: keys[0], ok: true });
    await sleep(200); // everything it may read ahead is read by now
    expect(pulled).toBeLessThanOrEqual(1 + 2 * 4 + 1);
    let rest = 0;
    for await (const _ of each) rest++;
    expect(rest).toBe(keys.length - 1);
  });

  it("stops reading when the loop stops early", async () => {
    const before = rig.emulator.requests.length;
    let count = 0;
    for await (const _ of kv.getEach(keys, { concurrency: 4 })) if (++count === 3) break;
    const atBreak = rig.emulator.requests.length - before;
    await sleep(100);
    // What was in flight may finish; nothing new starts once the loop has left.
    expect(rig.emulator.requests.length - before).toBe(atBreak);
    expect(atBreak).toBeLessThan(keys.length);
  });

  it("rejects with a KvAbortError when the signal fires", async () => {
    const controller = new AbortController();
    const read = async () => {
      let count = 0;
      for await (const _ of kv.getEach(keys, { concurrency: 2, signal: controller.signal })) {
        if (++count === 5) controller.abort();
      }
    };
    await expect(read()).rejects.toSatisfy(KvAbortError.isInstance);
  });

  it("paces from x-ratelimit-* headers: a read longer than the budget gets no 429", async () => {
    const limited = await startRig({
      emulator: { rateLimitPerMinute: 10, rateLimitWindowMs: 1000, recordRequests: true },
    });
    try {
      const names = Array.from({ length: 25 }, (_, i) => `paced/${i}`);
      let count = 0;
      for await (const result of limited.client.namespace(limited.namespaceId).getEach(names)) {
        expect(result).toMatchObject({ ok: true, value: null });
        count++;
      }
      expect(count).toBe(25);
      expect(limited.emulator.requests.filter((record) => record.status === 429)).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
