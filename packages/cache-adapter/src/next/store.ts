import { KV_MAX_VALUE_BYTES } from "@telnyx-kv/core/protocol";
import { KvCache } from "../kv-cache.js";
import { type KvNextCacheOptions, type KvNextResolvedOptions, resolveNextOptions } from "./options.js";
import { KvOutageGuard } from "./outage.js";
import { KvNextTags } from "./tags.js";

/** Room kept for the expiry envelope's header (magic, flags, expiry, a hashed key's full key). */
const ENVELOPE_ROOM = 1024;
/** Largest value the handlers store; larger ones are refused (logged once per key) and served uncached. */
export const KV_NEXT_MAX_ENTRY_BYTES = KV_MAX_VALUE_BYTES - ENVELOPE_ROOM;
/** Oversized keys remembered for "log once", bounded so a flood of distinct keys cannot grow it forever. */
const MAX_REMEMBERED_OVERSIZED = 1000;

/**
 * What both handlers share in a process: the entries cache, the tags manifest, the outage guard. Next
 * makes a new `cacheHandler` instance per request, so the state lives here, made once per options object.
 */
export class KvNextStore {
  readonly options: KvNextResolvedOptions;
  readonly tags: KvNextTags | undefined;
  readonly #entries: KvCache | undefined;
  readonly #guard: KvOutageGuard;
  readonly #oversized = new Set<string>();

  constructor(options: KvNextResolvedOptions) {
    this.options = options;
    this.#guard = new KvOutageGuard(options.log, options.outageRetryMs, () => Date.now());
    if (!options.client) {
      options.log(`not configured (${options.missing}); every lookup is a miss and nothing is shared.`);
      return;
    }
    const memoryTtl = options.memoryTtlMs;
    this.#entries = new KvCache(options.client, {
      prefix: options.prefix,
      serverTtl: options.serverTtl,
      memory: memoryTtl > 0 ? { max: options.memoryMax, ttlMs: memoryTtl } : false,
    });
    const tagCache = new KvCache(options.client, {
      prefix: options.prefix,
      memory: memoryTtl > 0 ? { max: options.memoryMax * 10, ttlMs: memoryTtl, misses: true } : false,
    });
    this.tags = new KvNextTags(tagCache, this.#guard);
  }

  /** The stored bytes of `key`, or `undefined` on a miss, an outage or when unconfigured. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const entries = this.#entries;
    if (!entries) return undefined;
    return this.#guard.run("reading an entry", () => entries.get(key), undefined);
  }

  /** Stores `bytes` under `key` until `expiresAt` (ms; `undefined`: no expiry); never throws. */
  async set(key: string, bytes: Uint8Array, expiresAt: number | undefined): Promise<void> {
    const entries = this.#entries;
    if (!entries) return;
    if (bytes.length > KV_NEXT_MAX_ENTRY_BYTES) {
      this.#refuse(key, bytes.length);
      // An older, smaller copy must not be served forever in place of the new one.
      await this.#guard.run("deleting an oversized entry", () => entries.delete(key), undefined);
      return;
    }
    await this.#guard.run(
      "writing an entry",
      () => entries.set(key, bytes, expiresAt === undefined ? {} : { expiresAt }),
      undefined,
    );
  }

  /** Logs an oversized value once per key. */
  #refuse(key: string, size: number): void {
    if (this.#oversized.has(key)) return;
    if (this.#oversized.size >= MAX_REMEMBERED_OVERSIZED) this.#oversized.clear();
    this.#oversized.add(key);
    this.options.log(
      `not caching ${JSON.stringify(key.slice(0, 200))}: ${size} bytes is over Telnyx KV's value limit ` +
        `(${KV_NEXT_MAX_ENTRY_BYTES} bytes with the envelope); Next.js renders it on every request.`,
    );
  }
}

const stores = new WeakMap<KvNextCacheOptions, KvNextStore>();

/** The process's store for an options object (made on first use, so importing a handler reads no env). */
export function storeFor(options: KvNextCacheOptions): KvNextStore {
  let store = stores.get(options);
  if (!store) {
    store = new KvNextStore(resolveNextOptions(options));
    stores.set(options, store);
  }
  return store;
}
