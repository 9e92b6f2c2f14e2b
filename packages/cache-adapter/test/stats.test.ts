/** cache.stats() and the telnyx-kv:cache channel, read with plain node:diagnostics_channel, and the schema option. */
import { channel, subscribe, unsubscribe } from "node:diagnostics_channel";
import { type KvNamespaceClient, KvValidationError } from "@telnyx-kv/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { z } from "zod";
import { createKvCache, KV_CACHE_CHANNEL, type KvCacheEvent } from "../src/index.js";
import { fakeClock, startTestKv, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;
let events: KvCacheEvent[];
const listener = (message: unknown) => events.push(message as KvCacheEvent);

beforeAll(async () => {
  kv = await startTestKv({ recordRequests: true });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
  events = [];
  subscribe(KV_CACHE_CHANNEL, listener);
});
afterEach(() => unsubscribe(KV_CACHE_CHANNEL, listener));

const gets = () => kv.requestsOf(ns.id).filter((request) => request.method === "GET").length;
// process.getBuiltinModule is how the browser-safe root finds the channel; Node 18 and early 20 lack it.
const hasBuiltinModule = typeof process.getBuiltinModule === "function";

describe("stats and events", () => {
  it("counts KV hits, misses, sets and deletes and publishes each on telnyx-kv:cache", async () => {
    // Passing the channel works on every runtime; the default finds the same one where it can.
    const cache = createKvCache(ns, { prefix: "s/", channel: channel(KV_CACHE_CHANNEL) });
    expect(await cache.get("a")).toBeUndefined();
    await cache.set("a", "one");
    expect(await cache.getText("a")).toBe("one");
    expect(await cache.has("a")).toBe(true);
    await cache.delete("a");
    expect(cache.stats()).toEqual({
      hits: 2,
      misses: 1,
      stale: 0,
      hitRate: 2 / 3,
      sets: 1,
      deletes: 1,
      invalid: 0,
      tiers: { memory: { hits: 0, misses: 0, stale: 0 }, kv: { hits: 2, misses: 1, stale: 0 } },
    });
    expect(events).toEqual([
      { event: "miss", key: "a", tier: "kv" },
      { event: "set", key: "a", tier: "kv" },
      { event: "hit", key: "a", tier: "kv" },
      { event: "hit", key: "a", tier: "kv" },
      { event: "delete", key: "a", tier: "kv" },
    ]);
  });

  it("counts memory hits, memory misses answered by KV, and stale serves while one refresh runs", async () => {
    const clock = fakeClock();
    const writer = createKvCache(ns, { channel: false });
    await writer.set("k", "v1");
    const cache = createKvCache(ns, {
      memory: { ttlMs: 1000, staleWhileRevalidateMs: 5000 },
      now: clock.now,
    });
    expect(await cache.getText("k")).toBe("v1"); // memory miss, KV hit
    expect(await cache.getText("k")).toBe("v1"); // memory hit
    clock.advance(2000);
    const before = gets();
    expect(await cache.getText("k")).toBe("v1"); // stale, refreshed in the background
    await vi.waitFor(() => expect(gets()).toBe(before + 1));
    expect(await cache.getText("nope")).toBeUndefined(); // memory miss, KV miss
    const stats = cache.stats();
    expect(stats).toMatchObject({ hits: 2, stale: 1, misses: 1, hitRate: 3 / 4 });
    expect(stats.tiers).toEqual({
      memory: { hits: 1, misses: 2, stale: 1 },
      kv: { hits: 1, misses: 1, stale: 0 },
    });
    if (hasBuiltinModule) {
      // The writer said channel: false, so only the reading cache published (through the default channel).
      expect(events).toEqual([
        { event: "miss", key: "k", tier: "memory" },
        { event: "hit", key: "k", tier: "kv" },
        { event: "hit", key: "k", tier: "memory" },
        { event: "stale", key: "k", tier: "memory" },
        { event: "miss", key: "nope", tier: "memory" },
        { event: "miss", key: "nope", tier: "kv" },
      ]);
    }
  });

  it("counts wrap's read and write, clear's deletes, and reads failed under readErrors: 'miss'", async () => {
    const cache = createKvCache(ns, { prefix: "w/", readErrors: "miss" });
    expect(await cache.wrap("x", () => 1)).toBe(1);
    expect(await cache.wrap("x", () => 2)).toBe(1);
    await cache.set("y", "2");
    await cache.clear();
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["503"] });
    expect(await cache.get("x")).toBeUndefined();
    kv.emulator.setFaults(undefined);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, sets: 2, deletes: 2 });
  });

  it("builds no event without a subscriber", async () => {
    let built = 0;
    const counting = {
      get hasSubscribers() {
        return false;
      },
      publish: () => built++,
    };
    const cache = createKvCache(ns, { channel: counting });
    await cache.set("q", "1");
    await cache.get("q");
    expect(built).toBe(0);
    expect(cache.stats().sets).toBe(1);
  });

  it("refuses a channel that cannot publish", () => {
    expect(() => createKvCache(ns, { channel: {} as never })).toThrow(/channel must be/);
  });
});

describe("schema", () => {
  const User = z.object({ name: z.string(), age: z.number() });

  it("getJson returns the typed value, undefined on a miss, and throws KvValidationError on a bad one", async () => {
    const cache = createKvCache(ns, { prefix: "j/" });
    await cache.set("good", JSON.stringify({ name: "Ada", age: 36 }));
    await cache.set("bad", JSON.stringify({ name: "Ada", age: "old" }));
    const user = await cache.getJson("good", { schema: User });
    expectTypeOf(user).toEqualTypeOf<{ name: string; age: number } | undefined>();
    expect(user).toEqual({ name: "Ada", age: 36 });
    expect(await cache.getJson("none", { schema: User })).toBeUndefined();
    expect(await cache.getJson("bad")).toEqual({ name: "Ada", age: "old" });
    const error = (await cache
      .getJson("bad", { schema: User })
      .catch((e: unknown) => e)) as KvValidationError;
    expect(KvValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ key: "bad", operation: "cache.getJson" });
    expect(error.issues?.map((issue) => issue.path)).toEqual(["age"]);
    expect(cache.stats().invalid).toBe(1);
  });

  it("wrap computes again (and reports) when the cached value no longer matches the schema", async () => {
    const reported: unknown[] = [];
    const cache = createKvCache(ns, { prefix: "v/", onError: (error) => reported.push(error) });
    await cache.set("u", JSON.stringify({ name: "Ada" })); // an older shape, without age
    const user = await cache.wrap("u", () => ({ name: "Ada", age: 36 }), { schema: User });
    expect(user).toEqual({ name: "Ada", age: 36 });
    expect(reported).toHaveLength(1);
    expect(KvValidationError.isInstance(reported[0])).toBe(true);
    expect(await cache.getJson("u", { schema: User })).toEqual({ name: "Ada", age: 36 });
    // @ts-expect-error the computed value must be the schema's type
    await cache.wrap("u", () => ({ name: 1 }), { schema: User }).catch(() => {});
  });
});
