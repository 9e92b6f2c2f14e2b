// cache-manager 7's own `createCache` takes the store as its `stores` entry.
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { type Cache, createCache } from "cache-manager";
import { createCacheManagerStore } from "../../src/cache-manager.js";

declare const ns: KvNamespaceClient;

export const cache: Cache = createCache({
  stores: [createCacheManagerStore(ns, { keyv: { namespace: "app" } })],
});
export const value: Promise<{ name: string } | undefined> = cache.get<{ name: string }>("user:1");
// @ts-expect-error a store is a Keyv instance, not the options of one
createCache({ stores: [{ store: createCacheManagerStore(ns) }] });
