/** The name of the diagnostics channel every cache publishes its events on. */
export const KV_CACHE_CHANNEL = "telnyx-kv:cache";

/** Where a cache found (or wrote) a value: its in-memory first tier, or Telnyx KV. */
export type KvCacheTier = "memory" | "kv";

/** What happened: a read's answer in one tier, or a write. */
export type KvCacheEventName = "hit" | "miss" | "stale" | "set" | "delete";

/** One message on the `telnyx-kv:cache` channel. */
export interface KvCacheEvent {
  event: KvCacheEventName;
  /** The logical key, as passed to the cache. */
  key: string;
  /** `"memory"` for the first tier; `"kv"` for Telnyx KV (writes always say `"kv"`). */
  tier: KvCacheTier;
}

/**
 * Where a cache publishes its events: any object with `hasSubscribers` and `publish`, so a
 * `node:diagnostics_channel` Channel is one, and a page can pass its own.
 */
export interface KvCacheEventChannel {
  /** Read before every event: `false` skips building it, so events cost nothing without a subscriber. */
  readonly hasSubscribers: boolean;
  /** Receives each event. */
  publish(event: KvCacheEvent): void;
}

/** Counts of one tier. */
export interface KvCacheTierStats {
  /** Lookups that found a live value. */
  hits: number;
  /** Lookups that found nothing live (a memory miss then goes on to Telnyx KV). */
  misses: number;
  /** Values served from memory past `ttlMs` while one refresh ran (always 0 for `kv`). */
  stale: number;
}

/** What a cache has done since it was made; `stats()` returns a copy. */
export interface KvCacheStats {
  /** Reads answered with a fresh value, from either tier. */
  hits: number;
  /** Reads that found nothing live (failed reads counted as misses under `readErrors: "miss"` too). */
  misses: number;
  /** Reads answered with a stale memory value (stale-while-revalidate). */
  stale: number;
  /** `(hits + stale) / reads`, 0 before the first read. */
  hitRate: number;
  /** Values written. */
  sets: number;
  /** Keys deleted (`delete`, `deleteMany`, `clear`, a write already expired). */
  deletes: number;
  /** Cached values a `schema` refused (`getJson` threw, `wrap` computed again). */
  invalid: number;
  /** The same reads by tier: a memory miss that Telnyx KV answered counts in both. */
  tiers: { memory: KvCacheTierStats; kv: KvCacheTierStats };
}

type Counter = "hits" | "misses" | "stale";
const COUNTER: Record<"hit" | "miss" | "stale", Counter> = { hit: "hits", miss: "misses", stale: "stale" };

/** The process's `telnyx-kv:cache` channel where the runtime offers `process.getBuiltinModule` (no import). */
export function defaultCacheChannel(): KvCacheEventChannel | undefined {
  // Reached through the runtime, never imported: this module must bundle for browsers unchanged.
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const diagnostics = runtime?.getBuiltinModule?.("node:diagnostics_channel") as
    | { channel?: (name: string) => KvCacheEventChannel }
    | undefined;
  return diagnostics?.channel?.(KV_CACHE_CHANNEL);
}

/** Counts a cache's reads and writes and publishes each as a {@link KvCacheEvent}. */
export class KvCacheMeter {
  readonly #channel: KvCacheEventChannel | undefined;
  readonly #totals = { hits: 0, misses: 0, stale: 0, sets: 0, deletes: 0, invalid: 0 };
  readonly #tiers = {
    memory: { hits: 0, misses: 0, stale: 0 },
    kv: { hits: 0, misses: 0, stale: 0 },
  };

  constructor(channel: KvCacheEventChannel | undefined) {
    this.#channel = channel;
  }

  /** A lookup in one tier; `final` when it is the read's answer (a memory miss before a KV read is not). */
  read(event: "hit" | "miss" | "stale", key: string, tier: KvCacheTier, final = true): void {
    const counter = COUNTER[event];
    this.#tiers[tier][counter]++;
    if (final) this.#totals[counter]++;
    this.#publish(event, key, tier);
  }

  /** A value written to or deleted from Telnyx KV. */
  write(event: "set" | "delete", key: string): void {
    this.#totals[event === "set" ? "sets" : "deletes"]++;
    this.#publish(event, key, "kv");
  }

  /** A cached value a schema refused. */
  invalid(): void {
    this.#totals.invalid++;
  }

  /** A copy of the counts. */
  snapshot(): KvCacheStats {
    const { hits, misses, stale } = this.#totals;
    const reads = hits + misses + stale;
    return {
      ...this.#totals,
      hitRate: reads === 0 ? 0 : (hits + stale) / reads,
      tiers: { memory: { ...this.#tiers.memory }, kv: { ...this.#tiers.kv } },
    };
  }

  #publish(event: KvCacheEventName, key: string, tier: KvCacheTier): void {
    if (this.#channel?.hasSubscribers) this.#channel.publish({ event, key, tier });
  }
}
