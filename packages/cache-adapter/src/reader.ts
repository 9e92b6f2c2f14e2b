import type { KvNamespaceClient } from "@telnyx-kv/core";
import { KvCacheMeter } from "./cache-events.js";
import { decodeEnvelope, type KvEnvelope } from "./envelope.js";
import { KvMemoryTier } from "./memory-tier.js";
import type { KvResolvedCacheOptions } from "./options.js";
import { KvSingleFlight } from "./single-flight.js";
import type { KvStorageKey } from "./storage-key.js";

/** The read path: memory tier, then one shared request per key, then the envelope checks. */
export class KvReader {
  readonly #client: KvNamespaceClient;
  readonly #options: KvResolvedCacheOptions;
  readonly #flight = new KvSingleFlight<KvEnvelope | undefined>();
  readonly #memory: KvMemoryTier | undefined;
  /** Counts the cache's reads and writes and publishes them on its channel. */
  readonly meter: KvCacheMeter;

  constructor(client: KvNamespaceClient, options: KvResolvedCacheOptions) {
    this.#client = client;
    this.#options = options;
    this.meter = new KvCacheMeter(options.channel);
    this.#memory = options.memory ? new KvMemoryTier(options.memory, options.now) : undefined;
  }

  /** Whether an envelope's own expiry has passed. */
  expired(envelope: KvEnvelope): boolean {
    return envelope.expiresAt !== undefined && this.#options.now() >= envelope.expiresAt;
  }

  /**
   * The live value stored under a key, or `undefined`. A hashed key whose envelope names another full
   * key is a collision: a miss, never the other key's value. Errors follow `readErrors`. With the logical
   * `key`, the read is counted and published (listings read without it, so they count nothing).
   */
  async read(storage: KvStorageKey, key?: string): Promise<KvEnvelope | undefined> {
    let envelope: KvEnvelope | undefined;
    let tier: "memory" | "kv" = "kv";
    let stale = false;
    try {
      const hit = this.#memory?.lookup(storage.key);
      if (hit) {
        [envelope, stale, tier] = [hit.envelope, hit.stale, "memory"];
        if (stale) this.#fetch(storage.key).catch(this.#options.onError);
      } else {
        if (this.#memory && key !== undefined) this.meter.read("miss", key, "memory", false);
        envelope = await this.#fetch(storage.key);
      }
    } catch (error) {
      if (this.#options.readErrors === "throw") throw error;
      this.#options.onError(error);
    }
    const live =
      envelope && !this.expired(envelope) && (!storage.hashed || envelope.fullKey === storage.full)
        ? envelope
        : undefined;
    if (key !== undefined) this.meter.read(live ? (stale ? "stale" : "hit") : "miss", key, tier);
    return live;
  }

  /** What is stored under a Telnyx key (expired or not), or `undefined`; errors follow `readErrors`. */
  async load(key: string): Promise<KvEnvelope | undefined> {
    try {
      const hit = this.#memory?.lookup(key);
      if (!hit) return await this.#fetch(key);
      if (hit.stale) this.#fetch(key).catch(this.#options.onError);
      return hit.envelope;
    } catch (error) {
      if (this.#options.readErrors === "throw") throw error;
      this.#options.onError(error);
      return undefined;
    }
  }

  #fetch(key: string): Promise<KvEnvelope | undefined> {
    return this.#flight.run(key, async (isCurrent) => {
      const bytes = await this.#client.getBytes(key);
      const envelope = bytes === null ? undefined : decodeEnvelope(bytes);
      // A write since this read started has already put the newer value in memory: keep that.
      if (isCurrent() && this.#memory) {
        // A missing or expired key is remembered as missing only when the tier keeps misses.
        this.#memory.remember(key, envelope && !this.expired(envelope) ? envelope : undefined);
      }
      return envelope;
    });
  }

  /** Called before a write or delete: later reads must not join an earlier request or see old memory. */
  invalidate(key: string): void {
    this.#flight.forget(key);
    this.#memory?.forget(key);
  }

  /** Called after a successful write, so the memory tier serves it (and no older read overwrites it). */
  remember(key: string, envelope: KvEnvelope): void {
    this.#flight.forget(key);
    this.#memory?.remember(key, envelope);
  }

  /** Drops memory entries under a storage prefix (after `clear`). */
  forgetPrefix(prefix: string): void {
    this.#memory?.forgetPrefix(prefix);
  }
}
