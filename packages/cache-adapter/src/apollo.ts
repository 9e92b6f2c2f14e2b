import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { KvCache } from "./kv-cache.js";
import type { KvCacheOptions } from "./options.js";

/** Apollo's `KeyValueCache<string>` (from `@apollo/utils.keyvaluecache` 3 or 4), over Telnyx KV. */
export type KvApolloCache = KeyValueCache<string, KeyValueCacheSetOptions>;

/**
 * Creates an Apollo `KeyValueCache`. Reads throw on errors unless `readErrors: "miss"` (or wrap it in
 * Apollo's `ErrorsAreMissesCache`); writes always reject when the value was not stored.
 */
export function createApolloCache(client: KvNamespaceClient, options?: KvCacheOptions): KvApolloCache {
  const cache = new KvCache(client, options);
  return {
    get: (key) => cache.getText(key),
    set: (key, value, setOptions) => {
      // `ttl` in seconds; `null`, `0` or absent never expire.
      const ttl = setOptions?.ttl;
      return cache.set(key, value, typeof ttl === "number" && ttl > 0 ? { ttlMs: ttl * 1000 } : {});
    },
    delete: async (key) => {
      await cache.delete(key);
    },
  };
}
