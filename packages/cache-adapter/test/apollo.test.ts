/** Apollo's KeyValueCache over Telnyx KV, also inside Apollo's own wrappers. */
import {
  ErrorsAreMissesCache,
  type KeyValueCache,
  PrefixingKeyValueCache,
} from "@apollo/utils.keyvaluecache";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApolloCache } from "../src/apollo.js";
import { fakeClock, startTestKv, storedKeys, type TestKv } from "./helpers.js";

let kv: TestKv;
let ns: KvNamespaceClient;

beforeAll(async () => {
  kv = await startTestKv();
});
afterAll(() => kv.close());
beforeEach(async () => {
  ns = await kv.namespace();
});

describe("Apollo KeyValueCache", () => {
  it("get, set with ttl in seconds, delete", async () => {
    const clock = fakeClock();
    // Assigning to Apollo's interface is the compile-time check of the shape.
    const cache: KeyValueCache<string> = createApolloCache(ns, { now: clock.now });
    await cache.set("fqc:query{a}", '{"data":1}', { ttl: 2 });
    await cache.set("forever", "x", { ttl: null });
    expect(await cache.get("fqc:query{a}")).toBe('{"data":1}');
    clock.advance(2000);
    expect(await cache.get("fqc:query{a}")).toBeUndefined();
    expect(await cache.get("forever")).toBe("x");
    await cache.delete("forever");
    expect(await cache.get("forever")).toBeUndefined();
  });

  it("works inside PrefixingKeyValueCache and ErrorsAreMissesCache", async () => {
    const cache = new ErrorsAreMissesCache(new PrefixingKeyValueCache(createApolloCache(ns), "apq:"));
    await cache.set("abc123", "query { me }");
    expect(await cache.get("abc123")).toBe("query { me }");
    expect(await storedKeys(ns)).toEqual(["apq=3aabc123"]);
    kv.emulator.setFaults({ failureRate: 1, failureKinds: ["503"] });
    try {
      // Our get throws on errors by default, which Apollo's wrapper turns into a miss.
      expect(await cache.get("abc123")).toBeUndefined();
      await expect(createApolloCache(ns).get("abc123")).rejects.toThrow();
    } finally {
      kv.emulator.setFaults(undefined);
    }
  });
});
