import type { KvCacheSetOptions } from "../kv-cache.js";
import { KvKeyvStoreBase } from "./store-base.js";

/**
 * A keyv 5 `ttl` (ms) at least this large, 31.7 years, can only be an absolute time (`Date.now() + 300`
 * is about 1.8e12), so it is read as an absolute expiry instead of stored as "expires in decades". The
 * other way round, a keyv 6 `expires` below it (before September 2001) can only be a relative ttl, and
 * the v6 store refuses it.
 */
export const KV_ABSOLUTE_TTL_FROM_MS = 1e12;

/** The expiry a keyv 5 `ttl` stands for. */
export function expiryOfTtl(ttl: number | undefined): KvCacheSetOptions {
  if (typeof ttl !== "number" || !Number.isFinite(ttl)) return {};
  return ttl >= KV_ABSOLUTE_TTL_FROM_MS ? { expiresAt: ttl } : { ttlMs: ttl };
}

/**
 * The keyv 5 storage contract over Telnyx KV: Keyv prefixes keys with `namespace:`, passes a relative
 * `ttl`, expects one boolean from `deleteMany`, and passes its namespace to `iterator`. It has no
 * `setMany`: keyv 5 types that as resolving to nothing, so Keyv writes entries one by one through `set`
 * and reports each failed one as `false` itself.
 */
export class KvKeyv5Store extends KvKeyvStoreBase {
  /** The contract this store follows. */
  readonly contract = "v5" as const;

  protected logical(key: string): string {
    return key;
  }

  // keyv 5 types a store's reads as generic in the value Keyv deserializes; what comes back is the text.
  /** Reads a serialized value; `undefined` on a miss. */
  override get<Value = string>(key: string): Promise<Value | undefined> {
    return super.get(key) as Promise<Value | undefined>;
  }

  /** Reads many serialized values in input order. */
  override getMany<Value = string>(keys: string[]): Promise<Array<Value | undefined>> {
    return super.getMany(keys) as Promise<Array<Value | undefined>>;
  }

  /** Writes a serialized value; `ttl` in ms from now (one of 1e12 or more is an absolute time). */
  set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    return this.write(key, value, expiryOfTtl(ttl));
  }

  /** Deletes keys; `true` when any of them had a live value. */
  async deleteMany(keys: string[]): Promise<boolean> {
    return (await this.deleteEach(keys)).some(Boolean);
  }

  /** Live `[key, serialized value]` pairs of a namespace, keys prefixed as keyv 5 wrote them. */
  iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    return this.entriesOf(namespace ?? this.namespace);
  }
}
