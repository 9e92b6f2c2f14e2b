import type { KvNamespaceClient } from "@telnyx-kv/core";
import { KvCache } from "./kv-cache.js";
import type { KvCacheOptions } from "./options.js";

/** Options of `set` in Apollo's cache interface. */
export interface KvApolloSetOptions {
  /** Time to live in seconds; `null`, `0` or absent never expire. */
  ttl?: number | null;
}

/** Apollo's `KeyValueCache<string>` (from `@apollo/utils.keyvaluecache`), over Telnyx KV. */
export interface KvApolloCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: KvApolloSetOptions): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Creates an Apollo `KeyValueCache`. Reads throw on errors unless `readErrors: "miss"` (or wrap it in
 * Apollo's `ErrorsAreMissesCache`); writes always reject when the value was not stored.
 */
export function createApolloCache(client: KvNamespaceClient, options?: KvCacheOptions): KvApolloCache {
  const cache = new KvCache(client, options);
  return {
    get: (key) => cache.getText(key),
    set: (key, value, setOptions) => {
      const ttl = setOptions?.ttl;
      return cache.set(key, value, typeof ttl === "number" && ttl > 0 ? { ttlMs: ttl * 1000 } : {});
    },
    delete: (key) => cache.delete(key),
  };
}
