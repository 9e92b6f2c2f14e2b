/**
 * cachified 5's documented behaviours on this cache, with two caches (two clients) sharing one emulator
 * namespace: computed once, stale-while-revalidate, checkValue with a schema, server expiry at ttl + swr.
 * A fake `Date` moves cachified's clock, the cache's and the emulator's together.
 */
import { type CacheEntry, cachified, totalTtl } from "@epic-web/cachified";
import { createKvClient, type KvNamespaceClient } from "@telnyx-kv/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { cachifiedExpiry, createCachifiedCache, type KvCachifiedCache } from "../src/cachified.js";
import { startTestKv, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;
let a: KvCachifiedCache;
let b: KvCachifiedCache;

beforeAll(async () => {
  kv = await startTestKv({ now: () => Date.now() });
});
afterAll(() => kv.close());
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  ns = await kv.namespace();
  // The second cache has a client of its own, as another process would.
  const otherNs = createKvClient({ apiKey: kv.apiKey, baseUrl: kv.emulator.url }).namespace(ns.id);
  a = createCachifiedCache(ns);
  b = createCachifiedCache(otherNs);
});
afterEach(() => {
  vi.useRealTimers();
});

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe("cachified on Telnyx KV", () => {
  it("is cachified's Cache: name, get, set, delete over { metadata, value } entries", async () => {
    expect(a.name).toBe("telnyx-kv");
    expect(await a.get("k")).toBeNull();
    const entry: CacheEntry = {
      metadata: { createdTime: Date.now(), ttl: 1000, swr: null },
      value: { n: 1 },
    };
    await a.set("k", entry);
    expect(await b.get("k")).toEqual(entry);
    await b.delete("k");
    expect(await a.get("k")).toBeNull();
  });

  it("a value computed once is read by the other cache", async () => {
    let computed = 0;
    const options = { key: "user-1", ttl: 60_000, getFreshValue: () => ({ id: 1, computed: ++computed }) };
    expect(await cachified({ ...options, cache: a })).toEqual({ id: 1, computed: 1 });
    expect(await cachified({ ...options, cache: b })).toEqual({ id: 1, computed: 1 });
    expect(computed).toBe(1);
    // After ttl (no swr) both compute again, and the other reads the new value.
    advance(60_001);
    expect(await cachified({ ...options, cache: b })).toEqual({ id: 1, computed: 2 });
    expect(await cachified({ ...options, cache: a })).toEqual({ id: 1, computed: 2 });
    expect(computed).toBe(2);
  });

  it("after ttl, within swr, the stale value is served and refreshed in the background", async () => {
    let version = 0;
    const background: Promise<unknown>[] = [];
    const options = {
      key: "report",
      ttl: 1000,
      swr: 10_000,
      getFreshValue: () => `v${++version}`,
      waitUntil: (promise: Promise<unknown>) => background.push(promise),
    };
    expect(await cachified({ ...options, cache: a })).toBe("v1");
    advance(1500);
    expect(await cachified({ ...options, cache: b })).toBe("v1");
    expect(background).toHaveLength(1);
    await Promise.all(background);
    expect(version).toBe(2);
    // The refreshed value is in Telnyx KV: the other cache reads it without computing.
    expect(await cachified({ ...options, cache: a })).toBe("v2");
    expect(version).toBe(2);
    // Past ttl + swr of v2 the stale value is not served: it is computed in the foreground.
    advance(11_001);
    expect(await cachified({ ...options, cache: a })).toBe("v3");
  });

  it("checkValue with a schema rejects a bad cached value and recomputes", async () => {
    // Another version of the app cached a string where this one expects a number.
    await cachified({ key: "count", cache: a, ttl: 60_000, getFreshValue: () => "12" });
    let computed = 0;
    const value = await cachified({
      key: "count",
      cache: b,
      ttl: 60_000,
      checkValue: z.number(),
      getFreshValue: () => {
        computed += 1;
        return 12;
      },
    });
    expect(value).toBe(12);
    expect(computed).toBe(1);
    // The recomputed value replaced the bad one.
    expect((await a.get("count"))?.value).toBe(12);
  });

  it("the server deletes an entry at ttl + swr, and keeps endless entries", async () => {
    await cachified({ key: "short", cache: a, ttl: 2000, swr: 3000, getFreshValue: () => 1 });
    await cachified({ key: "forever", cache: a, getFreshValue: () => 2 });
    const entry = await a.get("short");
    expect(entry && cachifiedExpiry(entry)).toBe(
      (entry?.metadata.createdTime ?? 0) + totalTtl(entry?.metadata),
    );
    advance(4999);
    expect(await ns.getBytes("short")).not.toBeNull();
    advance(1);
    expect(await ns.getBytes("short")).toBeNull();
    advance(365 * 24 * 3600 * 1000);
    expect((await b.get("forever"))?.value).toBe(2);
    expect(cachifiedExpiry({ metadata: { createdTime: 0, ttl: 1, swr: null }, value: 0 })).toBeUndefined();
  });

  it("a stored value that is not an entry is a miss (reported to onError), and cachified overwrites it", async () => {
    const reported: unknown[] = [];
    const cache = createCachifiedCache(ns, { onError: (error) => reported.push(error) });
    await ns.put("k", "not json");
    expect(await cachified({ key: "k", cache, getFreshValue: () => "fresh" })).toBe("fresh");
    expect(reported).toHaveLength(1);
    await ns.put("k", '{"value":1}');
    expect(await cache.get("k")).toBeNull();
    expect(reported).toHaveLength(2);
  });
});
