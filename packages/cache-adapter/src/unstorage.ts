import type { KvNamespaceClient } from "@telnyx-kv/core";
import { type Driver, defineDriver } from "unstorage";
import { KvCache } from "./kv-cache.js";
import { badSetting, type KvCacheOptions } from "./options.js";

/** Options of {@link createUnstorageDriver}. */
export interface KvUnstorageOptions extends KvCacheOptions {
  /** A `:`-separated key base every key of this driver lives under (like other unstorage drivers' `base`). @default "" */
  base?: string;
  /** Time to live in seconds of writes that pass no `ttl` of their own. @default undefined (never expire) */
  ttl?: number;
}

/** What {@link telnyxKvDriver} takes: the driver options and the namespace client to store through. */
export interface KvUnstorageDriverOptions extends KvUnstorageOptions {
  /** The namespace client (`kv.namespace(id)` of the Node or browser client). */
  client: KvNamespaceClient;
}

/** Metadata `getMeta` reports (a type alias, so it fits unstorage's indexed `StorageMeta`). */
export type KvUnstorageMeta = {
  /** Seconds until the value expires, rounded up; absent when it never expires. */
  ttl?: number;
  /** Size of the stored value in bytes. */
  size: number;
};

/** The driver, typed as unstorage's own `Driver`; `getInstance()` returns the cache it stores through. */
export type KvUnstorageDriver = Driver<KvUnstorageDriverOptions, KvCache>;

function toBytes(value: unknown): string | Uint8Array {
  if (typeof value === "string" || value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("setItemRaw takes a string, Uint8Array, ArrayBuffer or typed array.");
}

/** The unstorage driver factory: `createStorage({ driver: telnyxKvDriver({ client: kv.namespace(id) }) })`. */
export const telnyxKvDriver = defineDriver((options: KvUnstorageDriverOptions): KvUnstorageDriver => {
  const { client, base: rawBase = "", ttl: defaultTtl, ...cacheOptions } = options;
  if (typeof rawBase !== "string") badSetting("base", 'a ":"-separated string', rawBase);
  if (
    defaultTtl !== undefined &&
    !(typeof defaultTtl === "number" && defaultTtl >= 0 && defaultTtl < Infinity)
  ) {
    badSetting("ttl", "a number of seconds, 0 or more", defaultTtl);
  }
  const cache = new KvCache(client, cacheOptions);
  const trimmed = rawBase.replace(/^:+|:+$/g, "");
  const base = trimmed === "" ? "" : `${trimmed}:`;
  const full = (key: string) => base + key;
  // unstorage passes per-call options through; `{ ttl }` in seconds is the one this driver reads.
  const ttlOf = (opts?: { ttl?: unknown }) => {
    const seconds = opts?.ttl ?? defaultTtl;
    return typeof seconds === "number" && seconds > 0 ? { ttlMs: seconds * 1000 } : {};
  };
  const keysUnder = async (sub: string) => {
    const keys: string[] = [];
    for await (const key of cache.keys(full(sub))) keys.push(key.slice(base.length));
    return keys;
  };

  return {
    name: "telnyx-kv",
    // ttl: writes honour `ttl`; maxDepth: false lets unstorage filter depth itself.
    flags: { ttl: true, maxDepth: false },
    options,
    getInstance: () => cache,
    hasItem: (key) => cache.has(full(key)),
    getItem: async (key) => (await cache.getText(full(key))) ?? null,
    getItems: async (items) => {
      const values = await cache.getManyText(items.map((item) => full(item.key)));
      return items.map((item, i) => ({ key: item.key, value: values[i] ?? null }));
    },
    getItemRaw: async (key) => (await cache.get(full(key))) ?? null,
    setItem: (key, value, opts) => cache.set(full(key), value, ttlOf(opts)),
    setItemRaw: (key, value, opts) => cache.set(full(key), toBytes(value), ttlOf(opts)),
    removeItem: (key) => cache.delete(full(key)),
    getMeta: async (key) => {
      const entry = await cache.getEntry(full(key));
      if (!entry) return null;
      const meta: KvUnstorageMeta = { size: entry.value.byteLength };
      if (entry.expiresAt !== undefined) meta.ttl = Math.ceil((entry.expiresAt - cache.now()) / 1000);
      return meta;
    },
    // unstorage passes `undefined` as the base of a mount's root.
    getKeys: (sub) => keysUnder(sub ?? ""),
    clear: (sub) => cache.clear(full(sub ?? "")),
    dispose: async () => {},
  };
});

/** Creates an unstorage driver: `createStorage({ driver: createUnstorageDriver(kv.namespace(id)) })`. */
export function createUnstorageDriver(
  client: KvNamespaceClient,
  options: KvUnstorageOptions = {},
): KvUnstorageDriver {
  return telnyxKvDriver({ ...options, client });
}
