import { KvConfigError } from "@telnyx-kv/core";
import type { KvCacheSetOptions } from "../kv-cache.js";
import { KvKeyvStoreBase } from "./store-base.js";
import { KV_ABSOLUTE_TTL_FROM_MS } from "./store-v5.js";

/** The capability record keyv 6 looks for to use a store directly, with absolute expiry. */
export interface KvKeyvCapability {
  compatible: boolean;
  store: "keyvStorage";
  methods: Record<KvKeyvMethod, { exists: boolean; methodType: "sync" | "async" | "none" }>;
  expires: boolean;
}

const METHODS = [
  "get",
  "getMany",
  "has",
  "hasMany",
  "set",
  "setMany",
  "delete",
  "deleteMany",
  "clear",
  "disconnect",
  "iterator",
] as const;

/** A method keyv 6's capability record lists. */
export type KvKeyvMethod = (typeof METHODS)[number];

// One frozen record: reading `capabilities` has no effect and always answers the same.
const CAPABILITY: KvKeyvCapability = Object.freeze({
  compatible: true,
  store: "keyvStorage",
  methods: Object.freeze(
    Object.fromEntries(METHODS.map((name) => [name, Object.freeze({ exists: true, methodType: "async" })])),
  ) as KvKeyvCapability["methods"],
  expires: true,
});

/** One entry of keyv 6's `setMany`. */
export interface KvKeyv6Entry {
  key: string;
  value: unknown;
  /** Absolute expiry in ms since the epoch. */
  expires?: number;
}

/**
 * The expiry a keyv 6 `expires` stands for (a time already past deletes the key). One below
 * `KV_ABSOLUTE_TTL_FROM_MS` (before September 2001) is refused: it is a keyv 5 habit, a relative ttl
 * such as 300, and read as an absolute time it would silently delete the value instead of storing it.
 */
export function expiryOfExpires(expires: number | undefined): KvCacheSetOptions {
  if (typeof expires !== "number" || !Number.isFinite(expires)) return {};
  if (expires >= KV_ABSOLUTE_TTL_FROM_MS) return { expiresAt: expires };
  throw new KvConfigError(
    `The keyv 6 store got expires ${expires}, which as an absolute time is ${new Date(expires).toISOString()}: ` +
      "keyv 6 stores take an absolute expiry in ms since the epoch, e.g. Date.now() + ttl. " +
      'For a relative ttl, pass Date.now() + ttl, or make the store with contract: "v5".',
    { option: "expires" },
  );
}

/**
 * The keyv 6 storage contract over Telnyx KV: keyv 6 uses it directly (its `capabilities` declare
 * `expires`), passes an absolute `expires`, leaves `namespace:` prefixing to the store, and expects one
 * boolean per key from `deleteMany`.
 */
export class KvKeyv6Store extends KvKeyvStoreBase {
  /** The contract this store follows. */
  readonly contract = "v6" as const;

  /** Read by keyv 6 when it adopts a store: declaring `expires` makes it pass absolute expiry times. */
  get capabilities(): KvKeyvCapability {
    return CAPABILITY;
  }

  protected logical(key: string): string {
    return this.scope() + key;
  }

  /** Writes a serialized value; `expires` is an absolute time in ms since the epoch. */
  async set(key: string, value: unknown, expires?: number): Promise<boolean> {
    return this.write(key, value, expiryOfExpires(expires));
  }

  /**
   * Writes many values; an entry whose write failed is `false` (and emits `error`). An `expires` that
   * is not an absolute time rejects the whole call before anything is written.
   */
  async setMany(entries: KvKeyv6Entry[]): Promise<boolean[]> {
    const checked = entries.map((entry) => ({ ...entry, expiry: expiryOfExpires(entry.expires) }));
    return this.writeEach(checked, (entry) => entry.expiry);
  }

  /** Deletes keys; one boolean per key, `true` when it had a live value. */
  deleteMany(keys: string[]): Promise<boolean[]> {
    return this.deleteEach(keys);
  }

  /** Live `[key, serialized value]` pairs of the store's namespace, keys without the namespace. */
  async *iterator(): AsyncGenerator<[string, string], void> {
    const scope = this.scope();
    for await (const [logical, value] of this.entriesOf(this.namespace))
      yield [logical.slice(scope.length), value];
  }
}
