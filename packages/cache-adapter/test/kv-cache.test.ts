/** The cache engine against the emulator: errors, hashed keys, raw data, clear, bounded concurrency, memory tier. */
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { KvHttpError } from "@telnyx-kv/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKvCache, encodeEnvelope, toStorageKey } from "../src/index.js";
import { fakeClock, startTestKv, storedKeys, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv({ recordRequests: true });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});
afterEach(() => kv.emulator.setFaults(undefined));

/** Any object with the client interface works: this one counts calls in flight. */
function counting(inner: KvNamespaceClient) {
  const stats = { inFlight: 0, peak: 0 };
  const track = async <T>(run: () => Promise<T>): Promise<T> => {
    stats.inFlight++;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    try {
      return await run();
    } finally {
      stats.inFlight--;
    }
  };
  const client: KvNamespaceClient = {
    id: inner.id,
    put: (...args) => track(() => inner.put(...args)),
    putJson: (...args) => track(() => inner.putJson(...args)),
    get: (...args) => track(() => inner.get(...args)),
    getText: (...args) => track(() => inner.getText(...args)),
    getJson: (...args) => track(() => inner.getJson(...args)),
    getBytes: (...args) => track(() => inner.getBytes(...args)),
    delete: (...args) => track(() => inner.delete(...args)),
    list: (...args) => inner.list(...args),
  };
  return { client, stats };
}

const gets = (key: string) =>
  kv.requestsOf(ns.id).filter((request) => request.method === "GET" && request.key === key).length;

describe("errors", () => {
  it("a failed read throws by default, and counts as a miss with readErrors: 'miss'", async () => {
    const reported: unknown[] = [];
    const strict = createKvCache(ns);
    const lenient = createKvCache(ns, { readErrors: "miss", onError: (error) => reported.push(error) });
    await strict.set("k", "v");
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["503"] });
    const error = await strict.get("k").catch((caught: unknown) => caught);
    expect(KvHttpError.isInstance(error) && error.status).toBe(503);
    expect(await lenient.get("k")).toBeUndefined();
    expect(reported).toHaveLength(1);
  });

  it("a failed write rejects and is not reported as stored", async () => {
    const cache = createKvCache(ns, { memory: { max: 10 } });
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["500"] });
    await expect(cache.set("k", "v")).rejects.toThrow();
    kv.emulator.setFaults(undefined);
    expect(await cache.get("k")).toBeUndefined();
  });
});

describe("keys", () => {
  it("stores any string key, escaped, and reads raw values other tools wrote", async () => {
    const cache = createKvCache(ns, { prefix: "c/" });
    await cache.set('user:"ada lovelace"/é', "x");
    await ns.put("c/plain", "written by curl");
    expect(await storedKeys(ns)).toEqual(["c/plain", "c/user=3a=22ada=20lovelace=22/=e9"]);
    expect(await cache.getText("plain")).toBe("written by curl");
    const keys: string[] = [];
    for await (const key of cache.keys()) keys.push(key);
    expect(keys).toEqual(["plain", 'user:"ada lovelace"/é']);
  });

  it("hashes a key too long after escaping, and lists it by its real name", async () => {
    const cache = createKvCache(ns, { prefix: "c/" });
    const long = `report:${"中".repeat(80)}`;
    await cache.set(long, "big");
    const [stored] = await storedKeys(ns);
    expect(stored!.length).toBeLessThanOrEqual(256);
    expect(stored).toContain("==");
    expect(await cache.getText(long)).toBe("big");
    const entries: Array<[string, string]> = [];
    for await (const [key, value] of cache.entries("report:"))
      entries.push([key, new TextDecoder().decode(value)]);
    expect(entries).toEqual([[long, "big"]]);
  });

  it("detects a hash collision and never serves the other key's value", async () => {
    const cache = createKvCache(ns);
    const long = "x".repeat(300);
    const { key } = toStorageKey("", long);
    // Simulate another key that hashes to the same Telnyx key: same key, different full key inside.
    const payload = new TextEncoder().encode("someone else's value");
    await ns.put(key, encodeEnvelope({ payload, fullKey: "y".repeat(300) }));
    expect(await cache.get(long)).toBeUndefined();
    expect(await cache.has(long)).toBe(false);
  });
});

describe("clear and bounded concurrency", () => {
  it("clear() removes only its own prefix, at most `concurrency` deletes at a time", async () => {
    const { client, stats } = counting(ns);
    const mine = createKvCache(client, { prefix: "mine/", concurrency: 4 });
    const other = createKvCache(ns, { prefix: "other/" });
    await Promise.all(Array.from({ length: 30 }, (_, i) => mine.set(`k${i}`, "v")));
    await other.set("k0", "keep");
    await ns.put("unrelated", "keep");
    stats.peak = 0;
    kv.emulator.setFaults({ latencyMs: 5 });
    await mine.clear();
    expect(stats.peak).toBe(4);
    expect(await storedKeys(ns)).toEqual(["other/k0", "unrelated"]);
  });

  it("clear(prefix) removes only keys under that logical prefix", async () => {
    const cache = createKvCache(ns);
    await cache.set("users:1", "a");
    await cache.set("users:2", "b");
    await cache.set("usersx", "c");
    await cache.clear("users:");
    expect(await storedKeys(ns)).toEqual(["usersx"]);
  });

  it("getMany reads in order with at most `concurrency` requests in flight", async () => {
    const { client, stats } = counting(ns);
    const cache = createKvCache(client, { concurrency: 8 });
    await Promise.all(Array.from({ length: 40 }, (_, i) => cache.set(`k${i}`, String(i))));
    stats.peak = 0;
    kv.emulator.setFaults({ latencyMs: 5 });
    const values = await cache.getManyText([...Array.from({ length: 40 }, (_, i) => `k${i}`), "missing"]);
    expect(values).toEqual([...Array.from({ length: 40 }, (_, i) => String(i)), undefined]);
    expect(stats.peak).toBe(8);
  });
});

describe("single-flight and the memory tier", () => {
  it("a read after a write never joins a read that started before it", async () => {
    const cache = createKvCache(ns);
    await cache.set("k", "old");
    kv.emulator.setFaults({ latencyMs: 40 });
    const early = cache.getText("k");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.set("k", "new");
    expect(await cache.getText("k")).toBe("new");
    expect(["old", "new"]).toContain(await early);
  });

  it("serves fresh entries from memory and stale ones while one background refresh runs", async () => {
    const clock = fakeClock();
    const cache = createKvCache(ns, {
      now: clock.now,
      memory: { max: 100, ttlMs: 1000, staleWhileRevalidateMs: 5000 },
    });
    await ns.put("k", "v1");
    expect(await cache.getText("k")).toBe("v1");
    expect(await cache.getText("k")).toBe("v1");
    expect(gets("k")).toBe(1);
    await ns.put("k", "v2");
    clock.advance(1500);
    // Stale: answered from memory at once, refreshed once in the background.
    expect(await Promise.all([cache.getText("k"), cache.getText("k")])).toEqual(["v1", "v1"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gets("k")).toBe(2);
    expect(await cache.getText("k")).toBe("v2");
    clock.advance(10_000);
    expect(await cache.getText("k")).toBe("v2");
    expect(gets("k")).toBe(3);
  });

  it("remembers a missing key for ttlMs only when told to (memory.misses)", async () => {
    const clock = fakeClock();
    const plain = createKvCache(ns, { now: clock.now, memory: { ttlMs: 1000 } });
    expect(await plain.getText("absent")).toBeUndefined();
    expect(await plain.getText("absent")).toBeUndefined();
    expect(gets("absent")).toBe(2);
    const cache = createKvCache(ns, { now: clock.now, memory: { ttlMs: 1000, misses: true } });
    expect(await cache.getText("gone")).toBeUndefined();
    expect(await cache.getText("gone")).toBeUndefined();
    expect(gets("gone")).toBe(1);
    // A write of this cache replaces the remembered miss at once; another writer's only after ttlMs.
    await cache.set("gone", "here");
    expect(await cache.getText("gone")).toBe("here");
    expect(await cache.getText("other")).toBeUndefined();
    await ns.put("other", "v");
    expect(await cache.getText("other")).toBeUndefined();
    clock.advance(1000);
    expect(await cache.getText("other")).toBe("v");
    expect(gets("other")).toBe(2);
  });

  it("never serves a memory entry past the value's own expiry", async () => {
    const clock = fakeClock();
    const cache = createKvCache(ns, { now: clock.now, memory: { ttlMs: 60_000 } });
    await cache.set("k", "v", { ttlMs: 1000 });
    expect(await cache.getText("k")).toBe("v");
    clock.advance(1000);
    expect(await cache.getText("k")).toBeUndefined();
  });
});
