/** cache-manager 7 over Keyv over the store, and the cache's own `wrap`: counted at the emulator. */
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { createCache } from "cache-manager";
import Keyv from "keyv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCacheManagerStore } from "../src/cache-manager.js";
import { createKvCache } from "../src/index.js";
import { createKeyvStore } from "../src/keyv/index.js";
import { startTestKv, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv({ recordRequests: true });
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});

/** Requests for one stored key, by method. */
function countsFor(key: string): { GET: number; PUT: number } {
  const requests = kv.requestsOf(ns.id).filter((request) => request.key === key);
  return {
    GET: requests.filter((request) => request.method === "GET").length,
    PUT: requests.filter((request) => request.method === "PUT").length,
  };
}

describe("cache-manager 7 wrap", () => {
  it("hits the cache on the second call", async () => {
    const cache = createCache({ stores: [createCacheManagerStore(ns)] });
    let computed = 0;
    const compute = async () => ({ answer: 42, run: ++computed });
    expect(await cache.wrap("report", compute, 60_000)).toEqual({ answer: 42, run: 1 });
    expect(await cache.wrap("report", compute, 60_000)).toEqual({ answer: 42, run: 1 });
    expect(computed).toBe(1);
    expect(countsFor("keyv=3areport")).toEqual({ GET: 2, PUT: 1 });
  });

  it("1,000 concurrent wrap calls for one cold key cause exactly one GET and one PUT", async () => {
    const cache = createCache({ stores: [new Keyv({ store: createKeyvStore(ns) })] });
    let computed = 0;
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => cache.wrap("cold", async () => `value-${++computed}`, 60_000)),
    );
    expect(new Set(results)).toEqual(new Set(["value-1"]));
    expect(computed).toBe(1);
    expect(countsFor("keyv=3acold")).toEqual({ GET: 1, PUT: 1 });
  });

  it("the store from createCacheManagerStore is a Keyv of the installed keyv, with its options", async () => {
    const store = createCacheManagerStore(ns, { prefix: "cm/", keyv: { namespace: "app" } });
    expect(store).toBeInstanceOf(Keyv);
    const cache = createCache({ stores: [store] });
    await cache.set("user:1", { name: "Ada" }, 60_000);
    expect(await cache.get("user:1")).toEqual({ name: "Ada" });
    expect(countsFor("cm/app=3auser=3a1").PUT).toBe(1);
  });
});

describe("KvCache.wrap and single-flight reads", () => {
  it("1,000 concurrent wrap calls for one cold key cause exactly one GET and one PUT", async () => {
    const cache = createKvCache(ns);
    let computed = 0;
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => cache.wrap("cold key", async () => ({ n: ++computed }))),
    );
    expect(results.every((result) => result.n === 1)).toBe(true);
    expect(computed).toBe(1);
    expect(countsFor("cold=20key")).toEqual({ GET: 1, PUT: 1 });
    expect(await cache.wrap("cold key", async () => ({ n: -1 }))).toEqual({ n: 1 });
  });

  it("1,000 concurrent reads of one key share one GET", async () => {
    const cache = createKvCache(ns);
    await cache.set("hot", "v");
    const values = await Promise.all(Array.from({ length: 1000 }, () => cache.getText("hot")));
    expect(new Set(values)).toEqual(new Set(["v"]));
    expect(countsFor("hot").GET).toBe(1);
  });
});
