import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import type { CreateDriverResult, L2CacheDriver } from "bentocache/types";
import { KvCache } from "./kv-cache.js";
import { checkClient, type KvCacheOptions } from "./options.js";

/** Whether `value` passes {@link checkClient}. */
function isClient(value: unknown): value is KvNamespaceClient {
  try {
    checkClient(value);
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link telnyxKvDriver}. */
export interface KvBentoDriverOptions extends Omit<KvCacheOptions, "serverTtl" | "prefix"> {
  /** The namespace client (`kv.namespace(id)` of the Node or browser client). */
  namespace: KvNamespaceClient;
  /** Also send `ttl_secs`, so the server deletes entries when bentocache's physical TTL ends (the grace period when there is one, else the ttl). @default true */
  serverTtl?: boolean;
}

/** What bentocache hands the factory: our options plus its own `prefix` (the store's, `bentocache` unless set). */
type KvBentoDriverConfig = KvBentoDriverOptions & { prefix?: string };

/** Bentocache's separator between a prefix and a key (its own drivers use `:`). */
const SEPARATOR = ":";

/**
 * A bentocache L2 driver over Telnyx KV. Keys are `<prefix>:<key>` with bentocache's own `prefix` (the
 * store's, `bentocache` by default), which also scopes `clear()`; `:` is escaped by the key codec.
 */
export class KvBentoDriver implements L2CacheDriver {
  readonly type = "l2" as const;
  /** The cache entries are stored through (shared by every namespace of this driver). */
  readonly cache: KvCache;
  /** Bentocache's prefix of this driver, without a trailing `:`. */
  readonly prefix: string;

  constructor(cache: KvCache, prefix = "") {
    this.cache = cache;
    this.prefix = prefix.replace(/:+$/, "");
  }

  #key(key: string): string {
    return this.prefix ? `${this.prefix}${SEPARATOR}${key}` : key;
  }

  /** A driver for a namespace inside this one (`<prefix>:<namespace>`), over the same cache. */
  namespace(namespace: string): KvBentoDriver {
    return new KvBentoDriver(this.cache, this.prefix ? `${this.prefix}${SEPARATOR}${namespace}` : namespace);
  }

  /** Reads a value (bentocache stores serialized strings); `undefined` on a miss. */
  get(key: string): Promise<string | undefined> {
    return this.cache.getText(this.#key(key));
  }

  /** Reads a value and deletes it. */
  async pull(key: string): Promise<string | undefined> {
    const value = await this.get(key);
    if (value !== undefined) await this.cache.delete(this.#key(key));
    return value;
  }

  /** Writes a value for `ttl` ms (bentocache's physical TTL: the grace period if any, else the ttl); without one it never expires. */
  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    await this.cache.set(this.#key(key), value, ttl !== undefined && ttl > 0 ? { ttlMs: ttl } : {});
    return true;
  }

  /** Deletes every key of this driver's prefix (its namespaces too), and nothing outside it. */
  clear(): Promise<void> {
    return this.cache.clear(this.prefix ? `${this.prefix}${SEPARATOR}` : "");
  }

  /** Deletes a key; `true` when a live value was there (which costs one read, cheaper than a needless delete). */
  async delete(key: string): Promise<boolean> {
    if (!(await this.cache.has(this.#key(key)))) return false;
    await this.cache.delete(this.#key(key));
    return true;
  }

  /** Deletes keys, `concurrency` at a time. */
  async deleteMany(keys: string[]): Promise<boolean> {
    await this.cache.deleteMany(keys.map((key) => this.#key(key)));
    return true;
  }

  /** Nothing to release: the client owns its connections. */
  async disconnect(): Promise<void> {}
}

/**
 * The bentocache L2 driver factory:
 * `bentostore().useL1Layer(memoryDriver()).useL2Layer(telnyxKvDriver({ namespace: kv.namespace(id) }))`.
 */
export function telnyxKvDriver(options: KvBentoDriverOptions): CreateDriverResult<KvBentoDriver> {
  if (typeof options !== "object" || options === null || !isClient(options.namespace)) {
    throw new KvConfigError(
      "telnyxKvDriver needs the namespace client as `namespace`: telnyxKvDriver({ namespace: kv.namespace(id) }).",
      { option: "namespace" },
    );
  }
  return {
    options,
    // bentocache hands back these options with its own `prefix` (and `logger`); ours are kept in case a
    // caller (like its driver test suite) passes only the prefix.
    factory: (config: Partial<KvBentoDriverConfig> & { logger?: unknown }) => {
      const merged = { ...options, ...config };
      const { namespace, prefix, logger: _logger, serverTtl = true, ...cacheOptions } = merged;
      return new KvBentoDriver(new KvCache(namespace, { ...cacheOptions, serverTtl }), prefix);
    },
  };
}
