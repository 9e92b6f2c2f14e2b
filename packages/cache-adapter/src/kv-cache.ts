import {
  type KvJsonValue,
  type KvNamespaceClient,
  type KvStandardSchema,
  validateWithSchema,
} from "@telnyx-kv/core";
import type { KvCacheStats } from "./cache-events.js";
import { encodeEnvelope, type KvEnvelope } from "./envelope.js";
import { KvListing } from "./listing.js";
import {
  checkClient,
  type KvCacheOptions,
  type KvResolvedCacheOptions,
  resolveCacheOptions,
} from "./options.js";
import { mapWithLimit } from "./pool.js";
import { KvReader } from "./reader.js";
import { putWithServerTtl, ttlSecondsUntil } from "./server-ttl.js";
import { KvSingleFlight } from "./single-flight.js";
import { type KvStorageKey, toStorageKey } from "./storage-key.js";

/** Options of {@link KvCache.set}. */
export interface KvCacheSetOptions {
  /** Time to live in ms from now; `0` or absent means the value never expires. @default undefined */
  ttlMs?: number;
  /** Absolute expiry in ms since the epoch (wins over `ttlMs`); a time already past deletes the key. @default undefined */
  expiresAt?: number;
  /** Content type stored with the value. @default "text/plain; charset=utf-8" for strings, else "application/octet-stream" */
  contentType?: string;
}

/** A live value and its expiry. */
export interface KvCacheEntry {
  value: Uint8Array;
  /** Absolute expiry in ms since the epoch; `undefined` when it never expires. */
  expiresAt: number | undefined;
}

/** Options of {@link KvCache.wrap}. */
export interface KvCacheWrapOptions<T> {
  /** Time to live of the computed value in ms. @default undefined (never expires) */
  ttlMs?: number;
  /** Turns the value into stored text. @default JSON.stringify */
  serialize?: (value: T) => string;
  /** Turns stored text back into the value. @default JSON.parse */
  deserialize?: (text: string) => T;
  /** A Standard Schema (zod, valibot…) a cached value must match; one that does not is reported to `onError` and computed again. @default undefined */
  schema?: KvStandardSchema<T>;
}

/** Options of {@link KvCache.getJson}. */
export interface KvCacheGetJsonOptions<S extends KvStandardSchema | undefined = undefined> {
  /** A Standard Schema (zod, valibot…) the value must match; its output is returned. @default undefined */
  schema?: S;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Telnyx KV as a cache: any string key, expiring values, single-flight reads, an optional memory tier.
 * Every adapter of this package (Keyv, unstorage, Apollo) is a thin layer over it.
 */
export class KvCache {
  /** The namespace client it reads and writes through. */
  readonly client: KvNamespaceClient;
  /** The prefix in front of every stored key. */
  readonly prefix: string;
  readonly #options: KvResolvedCacheOptions;
  readonly #reader: KvReader;
  readonly #listing: KvListing;
  readonly #wraps = new KvSingleFlight<unknown>();

  constructor(client: KvNamespaceClient, options: KvCacheOptions = {}) {
    checkClient(client);
    this.client = client;
    this.#options = resolveCacheOptions(options);
    this.prefix = this.#options.prefix;
    this.#reader = new KvReader(client, this.#options);
    this.#listing = new KvListing(client, this.#options, this.#reader);
  }

  /** The current time of the cache's clock, in ms since the epoch. */
  now(): number {
    return this.#options.now();
  }

  /** The Telnyx KV key a logical key is stored under. */
  storageKey(key: string): string {
    return this.#map(key).key;
  }

  /** Reads a live value with its expiry; `undefined` when missing, expired or unreadable. */
  async getEntry(key: string): Promise<KvCacheEntry | undefined> {
    const envelope = await this.#reader.read(this.#map(key), key);
    return envelope && { value: new Uint8Array(envelope.payload), expiresAt: envelope.expiresAt };
  }

  /** Reads a value as bytes; `undefined` on a miss. */
  async get(key: string): Promise<Uint8Array | undefined> {
    return (await this.getEntry(key))?.value;
  }

  /** Reads a value as UTF-8 text; `undefined` on a miss. */
  async getText(key: string): Promise<string | undefined> {
    return this.#readText(this.#map(key), key);
  }

  /**
   * Reads a JSON value; `undefined` on a miss. With `schema` the value is checked and typed by it, and one
   * that fails is a `KvValidationError` naming the key and the issues.
   */
  async getJson<T = unknown, S extends KvStandardSchema | undefined = undefined>(
    key: string,
    options: KvCacheGetJsonOptions<S> = {},
  ): Promise<KvJsonValue<T, S> | undefined> {
    const text = await this.getText(key);
    if (text === undefined) return undefined;
    const value: unknown = JSON.parse(text);
    if (!options.schema) return value as KvJsonValue<T, S>;
    try {
      return (await validateWithSchema(options.schema, value, key, "cache.getJson")) as KvJsonValue<T, S>;
    } catch (error) {
      this.#reader.meter.invalid();
      throw error;
    }
  }

  /** Hits, misses and stale serves (in total and by tier), writes, deletes and schema refusals so far. */
  stats(): KvCacheStats {
    return this.#reader.meter.snapshot();
  }

  /** Reads many values as bytes, `concurrency` requests at a time, in input order. */
  getMany(keys: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    return mapWithLimit(keys, this.#options.concurrency, (key) => this.get(key));
  }

  /** Reads many values as UTF-8 text, `concurrency` requests at a time, in input order. */
  getManyText(keys: readonly string[]): Promise<Array<string | undefined>> {
    return mapWithLimit(keys, this.#options.concurrency, (key) => this.getText(key));
  }

  /** Whether a live value exists. */
  async has(key: string): Promise<boolean> {
    return (await this.#reader.read(this.#map(key), key)) !== undefined;
  }

  /** Writes a value; resolves only once Telnyx KV stored it, and rejects otherwise. */
  async set(key: string, value: string | Uint8Array, options: KvCacheSetOptions = {}): Promise<void> {
    return this.#write(this.#map(key), key, value, options);
  }

  /** Deletes a value; succeeds when it did not exist. */
  async delete(key: string): Promise<void> {
    return this.#delete(this.#map(key), key);
  }

  /** Deletes many values, `concurrency` requests at a time. */
  async deleteMany(keys: readonly string[]): Promise<void> {
    await mapWithLimit(keys, this.#options.concurrency, (key) => this.delete(key));
  }

  /** Deletes every value whose logical key starts with `keyPrefix`, and nothing outside this cache's prefix. */
  clear(keyPrefix = ""): Promise<void> {
    return this.#listing.clear(keyPrefix);
  }

  /** Logical keys starting with `keyPrefix`, in storage order (expired values not yet collected may appear). */
  keys(keyPrefix = ""): AsyncIterable<string> {
    return this.#listing.keys(keyPrefix);
  }

  /** Live `[key, value]` pairs whose key starts with `keyPrefix`. */
  entries(keyPrefix = ""): AsyncIterable<[string, Uint8Array]> {
    return this.#listing.entries(keyPrefix);
  }

  /** Returns the cached value, or computes, stores and returns it; concurrent calls for a key share one computation. */
  wrap<T>(key: string, compute: () => T | Promise<T>, options: KvCacheWrapOptions<T> = {}): Promise<T> {
    const serialize = options.serialize ?? ((value: T) => JSON.stringify(value));
    const deserialize = options.deserialize ?? ((text: string) => JSON.parse(text) as T);
    const storage = this.#map(key);
    const task = async (): Promise<T> => {
      const cached = await this.#readText(storage, key);
      if (cached !== undefined) {
        const { schema } = options;
        if (!schema) return deserialize(cached);
        try {
          return await validateWithSchema(schema, deserialize(cached), key, "cache.wrap");
        } catch (error) {
          // A value of an older shape (a deploy changed the type) is replaced, not thrown at every caller.
          this.#reader.meter.invalid();
          this.#options.onError(error);
        }
      }
      const value = await compute();
      const text = serialize(value);
      // A value the serializer cannot represent (undefined) is returned but not stored.
      if (typeof text === "string") await this.#write(storage, key, text, { ttlMs: options.ttlMs ?? 0 });
      return value;
    };
    return this.#wraps.run(storage.key, task) as Promise<T>;
  }

  /** Where a logical key is stored, computed once per call (hashing a long key is not free). */
  #map(key: string): KvStorageKey {
    return toStorageKey(this.prefix, key);
  }

  /** {@link getText} for an already mapped key. */
  async #readText(storage: KvStorageKey, key: string): Promise<string | undefined> {
    const envelope = await this.#reader.read(storage, key);
    return envelope && textDecoder.decode(envelope.payload);
  }

  /** {@link set} for an already mapped key. */
  async #write(
    storage: KvStorageKey,
    key: string,
    value: string | Uint8Array,
    options: KvCacheSetOptions,
  ): Promise<void> {
    const now = this.now();
    const ttlMs = options.ttlMs !== undefined && options.ttlMs > 0 ? options.ttlMs : undefined;
    const expiresAt = options.expiresAt ?? (ttlMs === undefined ? undefined : now + ttlMs);
    if (expiresAt !== undefined && expiresAt <= now) {
      await this.#delete(storage, key);
      return;
    }
    const payload = typeof value === "string" ? textEncoder.encode(value) : new Uint8Array(value);
    const envelope: KvEnvelope = { payload };
    if (expiresAt !== undefined) envelope.expiresAt = expiresAt;
    if (storage.hashed) envelope.fullKey = storage.full;
    const body = encodeEnvelope(envelope);
    const plainText = typeof value === "string" && body === payload;
    const contentType =
      options.contentType ?? (plainText ? "text/plain; charset=utf-8" : "application/octet-stream");
    const serverTtl = this.#options.serverTtl && expiresAt !== undefined;
    this.#reader.invalidate(storage.key);
    await putWithServerTtl(this.client, storage.key, body, {
      contentType,
      ...(serverTtl ? { ttlSeconds: ttlSecondsUntil(expiresAt, now) } : {}),
    });
    this.#reader.remember(storage.key, envelope);
    this.#reader.meter.write("set", key);
  }

  /** {@link delete} for an already mapped key. */
  async #delete(storage: KvStorageKey, key: string): Promise<void> {
    this.#reader.invalidate(storage.key);
    await this.client.delete(storage.key);
    this.#reader.meter.write("delete", key);
  }
}

/** Creates a {@link KvCache} over a namespace client (`kv.namespace(id)` of the Node or browser client). */
export function createKvCache(client: KvNamespaceClient, options?: KvCacheOptions): KvCache {
  return new KvCache(client, options);
}
