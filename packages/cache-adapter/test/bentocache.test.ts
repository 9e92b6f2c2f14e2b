/**
 * What bentocache's docs promise of an L2 driver, with two BentoCache instances (each its own client,
 * as two processes would have) sharing one emulator namespace: getOrSet computes once, delete and clear
 * reach L2, TTL and grace periods hold (server-side too: the driver receives bentocache's physical TTL). A fake `Date`
 * moves bentocache's clock, the driver's and the emulator's together.
 */
import { createKvClient, type KvNamespaceClient } from "@telnyx-kv/core";
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { KvBentoDriver, telnyxKvDriver } from "../src/bentocache.js";
import { startTestKv, storedKeys, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;
const caches: Array<BentoCache<Record<string, ReturnType<typeof bentostore>>>> = [];

beforeAll(async () => {
  kv = await startTestKv({ now: () => Date.now() });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(caches.splice(0).map((cache) => cache.disconnectAll()));
});

/** A BentoCache over the shared namespace through a client of its own; with a memory L1 unless `l1: false`. */
function bento({ l1 = true } = {}) {
  const namespace = createKvClient({ apiKey: kv.apiKey, baseUrl: kv.emulator.url }).namespace(ns.id);
  const store = bentostore().useL2Layer(telnyxKvDriver({ namespace }));
  // biome-ignore lint/correctness/useHookAtTopLevel: bentocache's builder method, not a React hook.
  if (l1) store.useL1Layer(memoryDriver({ maxItems: 100 }));
  const cache = new BentoCache({ default: "kv", stores: { kv: store } });
  caches.push(cache);
  return cache;
}

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe("bentocache with the Telnyx KV L2 driver", () => {
  it("getOrSet computes once across two instances sharing the namespace", async () => {
    const [a, b] = [bento(), bento()];
    let computed = 0;
    const factory = () => ({ id: 42, computed: ++computed });
    expect(await a.getOrSet({ key: "user:42", factory, ttl: "1h" })).toEqual({ id: 42, computed: 1 });
    expect(await b.getOrSet({ key: "user:42", factory, ttl: "1h" })).toEqual({ id: 42, computed: 1 });
    expect(computed).toBe(1);
    // Stored under bentocache's prefix, with its ":" escaped by the key codec.
    expect(await storedKeys(ns)).toEqual(["bentocache=3auser=3a42"]);
  });

  it("delete and clear reach L2, and clear stays inside bentocache's prefix", async () => {
    const [a, b] = [bento(), bento({ l1: false })];
    await a.set({ key: "x", value: 1 });
    await a.set({ key: "y", value: 2 });
    await a.namespace("users").set({ key: "1", value: "ada" });
    await ns.put("not-bentos", "kept");
    expect(await b.get({ key: "x" })).toBe(1);
    await a.delete({ key: "x" });
    expect(await b.get({ key: "x" })).toBeUndefined();
    expect(await b.namespace("users").get({ key: "1" })).toBe("ada");
    await a.clear();
    expect(await b.get({ key: "y" })).toBeUndefined();
    expect(await b.namespace("users").get({ key: "1" })).toBeUndefined();
    expect(await storedKeys(ns)).toEqual(["not-bentos"]);
  });

  it("a value expires after its ttl, and the server deletes it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const [a, b] = [bento({ l1: false }), bento({ l1: false })];
    await a.set({ key: "k", value: "v", ttl: "2s" });
    advance(1999);
    expect(await b.get({ key: "k" })).toBe("v");
    advance(1);
    expect(await b.get({ key: "k" })).toBeUndefined();
    expect(await storedKeys(ns)).toEqual([]);
  });

  it("within the grace period the stale value is served and refreshed; after the physical TTL the server deleted it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const [a, b] = [bento({ l1: false }), bento({ l1: false })];
    const options = { key: "rates", ttl: "1s", grace: "1m" } as const;
    expect(await a.getOrSet({ ...options, factory: () => "v1" })).toBe("v1");
    advance(5000);
    const failing = () => {
      throw new Error("the database is down");
    };
    // A failing factory: the graced value is served.
    expect(await b.getOrSet({ ...options, factory: failing })).toBe("v1");
    // A working one: still the stale value at once (bentocache's default soft timeout of 0), while
    // the refresh runs in the background and reaches L2, where the other instance reads it.
    let refreshed = 0;
    const refresh = () => {
      refreshed += 1;
      return "v2";
    };
    expect(await b.getOrSet({ ...options, factory: refresh })).toBe("v1");
    // Polled on real timers (vi.waitFor would move the fake clock); the test timeout bounds it.
    while ((await a.get({ key: "rates" })) !== "v2") await new Promise((resolve) => setTimeout(resolve, 10));
    expect(refreshed).toBe(1);
    // bentocache hands the driver a physical TTL (the grace period, when there is one): that long after
    // the write the key is gone from the server, and a failing factory throws.
    advance(59_999);
    expect(await storedKeys(ns)).toHaveLength(1);
    advance(1);
    expect(await storedKeys(ns)).toEqual([]);
    await expect(a.getOrSet({ ...options, factory: failing })).rejects.toThrow();
  });

  it("the driver alone: namespaces nest with ':', and pull reads then deletes", async () => {
    const driver = telnyxKvDriver({ namespace: ns }).factory({ prefix: "app:" });
    expect(driver).toBeInstanceOf(KvBentoDriver);
    expect(driver.prefix).toBe("app");
    const users = driver.namespace("users");
    expect(users.prefix).toBe("app:users");
    await users.set("1", "ada", 60_000);
    expect(await driver.get("users:1")).toBe("ada");
    expect(await users.pull("1")).toBe("ada");
    expect(await users.pull("1")).toBeUndefined();
    expect(await driver.deleteMany([])).toBe(true);
  });

  it("without a namespace client it throws a KvConfigError naming `namespace`", () => {
    for (const bad of [{}, { namespace: "id" }, { client: ns }]) {
      expect(() => telnyxKvDriver(bad as never)).toThrow(
        expect.objectContaining({ name: "KvConfigError", option: "namespace" }) as unknown as Error,
      );
    }
  });
});
