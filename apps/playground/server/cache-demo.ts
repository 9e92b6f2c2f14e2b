import { createKvCache, type KvCache, type KvCacheStats } from "@telnyx-kv/cache-adapter";
import { createKvClient, type KvNodeClient } from "@telnyx-kv/client-node";
import { keyProblem } from "@telnyx-kv/core/protocol";
import type { KvBackend } from "./backend.js";

/** How long the memory tier serves a value before asking Telnyx KV again, ms. */
export const CACHE_MEMORY_TTL_MS = 10_000;

/** What a read through the server's cache answered, for the panel. */
export interface PlaygroundCacheRead {
  key: string;
  /** Whether the key had a value. */
  found: boolean;
  /** Which tier answered: the memory tier (no request), or Telnyx KV (one GET, in the request log). */
  tier: "memory" | "kv";
  /** Bytes of the value, when found. */
  bytes?: number;
}

/** The cache counts the panel shows: every namespace's cache summed. */
export type PlaygroundCacheStats = Omit<KvCacheStats, "sets" | "deletes" | "invalid">;

const zero = (): PlaygroundCacheStats => ({
  hits: 0,
  misses: 0,
  stale: 0,
  hitRate: 0,
  tiers: { memory: { hits: 0, misses: 0, stale: 0 }, kv: { hits: 0, misses: 0, stale: 0 } },
});

/**
 * The server side of the panel's cache: a cache-adapter `KvCache` per namespace (memory tier in front of
 * Telnyx KV) over a client-node client, so its reads show up on the `telnyx-kv:request` channel and its
 * `stats()` give the hit rate. Its keys are the namespace's own (no prefix): raw values read as they are.
 */
export class PlaygroundCacheDemo {
  readonly #client: KvNodeClient;
  readonly #caches = new Map<string, KvCache>();

  constructor(backend: KvBackend) {
    this.#client = createKvClient({ baseUrl: backend.baseUrl, apiKey: backend.apiKey, env: {} });
  }

  /** Reads a key of a namespace through its cache and says which tier answered. */
  async read(namespaceId: string, key: string): Promise<PlaygroundCacheRead> {
    const problem = keyProblem(key, "read");
    if (problem) throw new RangeError(`Invalid key ${JSON.stringify(key)}: ${problem}.`);
    const cache = this.#cacheOf(namespaceId);
    const before = cache.stats().tiers.memory.hits;
    const value = await cache.get(key);
    const tier = cache.stats().tiers.memory.hits > before ? "memory" : "kv";
    return value === undefined
      ? { key, found: false, tier }
      : { key, found: true, tier, bytes: value.byteLength };
  }

  /** Every cache's counts, summed; the hit rate over all their reads. */
  stats(): PlaygroundCacheStats {
    const sum = zero();
    for (const cache of this.#caches.values()) {
      const one = cache.stats();
      sum.hits += one.hits;
      sum.misses += one.misses;
      sum.stale += one.stale;
      for (const tier of ["memory", "kv"] as const) {
        sum.tiers[tier].hits += one.tiers[tier].hits;
        sum.tiers[tier].misses += one.tiers[tier].misses;
        sum.tiers[tier].stale += one.tiers[tier].stale;
      }
    }
    const reads = sum.hits + sum.misses + sum.stale;
    sum.hitRate = reads === 0 ? 0 : (sum.hits + sum.stale) / reads;
    return sum;
  }

  /** Closes the client's connections. */
  close(): Promise<void> {
    return this.#client.close();
  }

  #cacheOf(namespaceId: string): KvCache {
    let cache = this.#caches.get(namespaceId);
    if (!cache) {
      cache = createKvCache(this.#client.namespace(namespaceId), {
        memory: { ttlMs: CACHE_MEMORY_TTL_MS },
        readErrors: "throw",
      });
      this.#caches.set(namespaceId, cache);
    }
    return cache;
  }
}
