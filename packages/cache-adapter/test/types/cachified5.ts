// cachified 5's own `Cache` and `cachified()`.
import { type Cache, type CacheEntry, cachified } from "@epic-web/cachified";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { createCachifiedCache } from "../../src/cachified.js";

declare const ns: KvNamespaceClient;

export const cache: Cache = createCachifiedCache(ns, { name: "kv", prefix: "app/" });
export const value: Promise<number> = cachified({ cache, key: "k", ttl: 1000, getFreshValue: () => 1 });
declare const entry: CacheEntry<number>;
export const stored: unknown = cache.set("k", entry);
// @ts-expect-error set takes a cachified entry ({ metadata, value }), not a bare value
createCachifiedCache(ns).set("k", 42);
// @ts-expect-error the cache needs the namespace client
createCachifiedCache({ name: "kv" });
