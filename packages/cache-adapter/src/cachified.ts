import type { Cache, CacheEntry } from "@epic-web/cachified";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { KvCache } from "./kv-cache.js";
import { badSetting, type KvCacheOptions } from "./options.js";

/** Turns a cache entry into stored text and back (JSON's shape, so `JSON` itself fits). */
export interface KvCachifiedSerializer {
  /** Stored text of an entry. */
  stringify(entry: CacheEntry): string;
  /** The entry of stored text; throwing means "not an entry" (a miss). */
  parse(text: string): unknown;
}

/** Options of {@link createCachifiedCache}. */
export interface KvCachifiedOptions extends Omit<KvCacheOptions, "serverTtl"> {
  /** The cache's `name`, shown in cachified's reports. @default "telnyx-kv" */
  name?: string;
  /** Also send `ttl_secs`, so the server deletes an entry at `ttl + swr` (a namespace without TTL support falls back to the envelope). @default true */
  serverTtl?: boolean;
  /** How entries (`{ metadata, value }`) become stored text; values must survive it. @default JSON */
  serializer?: KvCachifiedSerializer;
}

/** cachified's own `Cache`, with the {@link KvCache} it stores through. */
export interface KvCachifiedCache extends Cache {
  /** The cache entries are stored through. */
  readonly cache: KvCache;
}

/** When an entry may be deleted: `createdTime + ttl + swr`; `undefined` when either is endless (`null`/`Infinity`). */
export function cachifiedExpiry(entry: CacheEntry): number | undefined {
  const { createdTime, ttl, swr } = entry.metadata ?? {};
  // cachified stores an endless ttl or swr as `null`; `undefined` swr means none.
  if (ttl === null || ttl === undefined || swr === null || typeof createdTime !== "number") return undefined;
  const total = createdTime + ttl + (swr ?? 0);
  return Number.isFinite(total) ? total : undefined;
}

function isEntry(value: unknown): value is CacheEntry {
  const metadata = (value as CacheEntry | null)?.metadata;
  return (
    typeof metadata === "object" &&
    metadata !== null &&
    typeof metadata.createdTime === "number" &&
    "value" in (value as object)
  );
}

/** Creates cachified's `Cache`: `cachified({ cache: createCachifiedCache(kv.namespace(id)), key, ttl, swr, getFreshValue })`. */
export function createCachifiedCache(
  client: KvNamespaceClient,
  options: KvCachifiedOptions = {},
): KvCachifiedCache {
  const { name = "telnyx-kv", serverTtl = true, serializer = JSON, ...cacheOptions } = options;
  if (typeof name !== "string") badSetting("name", "a string", name);
  if (typeof serializer?.parse !== "function" || typeof serializer?.stringify !== "function") {
    badSetting("serializer", "an object with parse and stringify (like JSON)", serializer);
  }
  const cache = new KvCache(client, { ...cacheOptions, serverTtl });
  const onError = cacheOptions.onError ?? (() => {});
  return {
    name,
    cache,
    async get(key) {
      const text = await cache.getText(key);
      if (text === undefined) return null;
      try {
        const entry = serializer.parse(text);
        if (isEntry(entry)) return entry;
        throw new TypeError("the stored value is not a cachified entry ({ metadata, value })");
      } catch (error) {
        // A miss: cachified then computes a fresh value and overwrites the bad one.
        onError(error);
        return null;
      }
    },
    async set(key, entry) {
      const expiresAt = cachifiedExpiry(entry);
      await cache.set(key, serializer.stringify(entry), {
        ...(expiresAt === undefined ? {} : { expiresAt }),
        contentType: "application/json",
      });
    },
    async delete(key) {
      await cache.delete(key);
    },
  };
}
