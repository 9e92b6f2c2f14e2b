import type { KvNamespaceClient } from "@telnyx-kv/core";
import { KvCache } from "./kv-cache.js";
import type { KvCacheOptions } from "./options.js";

/** Which Keyv storage-adapter contract the store follows. */
export type KvKeyvContract = "auto" | "v5" | "v6";

/** Options of {@link createKeyvStore}. */
export interface KvKeyvStoreOptions extends KvCacheOptions {
  /** The Keyv contract: `"auto"` follows keyv 5 until keyv 6 reads `capabilities` (it does so once, when it adopts the store). @default "auto" */
  contract?: KvKeyvContract;
  /** Namespace used until a Keyv instance sets its own (keyv 6 adopts it when it has none). @default undefined */
  namespace?: string;
}

/** One entry of a `setMany` call: keyv 5 sends a relative `ttl`, keyv 6 an absolute `expires` (ms). */
export interface KvKeyvEntry {
  key: string;
  value: unknown;
  ttl?: number;
  expires?: number;
}

/** The capability record keyv 6 looks for to use a store directly, with absolute expiry. */
export interface KvKeyvCapability {
  compatible: boolean;
  store: "keyvStorage";
  methods: Record<string, { exists: boolean; methodType: "sync" | "async" | "none" }>;
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
];
const textOnly = (value: unknown): string => {
  if (typeof value === "string") return value;
  throw new TypeError(
    "The Telnyx KV Keyv store keeps strings: leave Keyv's serialization on (its default) so values arrive serialized.",
  );
};

type Listener = (...args: unknown[]) => void;

/**
 * A Keyv storage adapter over Telnyx KV for keyv 5 and keyv 6. Both versions keep the same layout
 * (`namespace:key`, escaped by the key codec), so data survives an upgrade from one to the other.
 */
export class KvKeyvStore {
  /** The cache it stores through. */
  readonly cache: KvCache;
  /** Free-form options bag keyv 5 reads and writes (`dialect` keeps keyv 5 from assuming SQL iteration). */
  opts: Record<string, unknown>;
  /** Set by Keyv: the namespace of the Keyv instance using this store. */
  namespace: string | undefined;
  #contract: "v5" | "v6";
  readonly #auto: boolean;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(client: KvNamespaceClient, options: KvKeyvStoreOptions = {}) {
    const { contract = "auto", namespace, ...cacheOptions } = options;
    this.cache = new KvCache(client, cacheOptions);
    this.#contract = contract === "v6" ? "v6" : "v5";
    this.#auto = contract === "auto";
    this.namespace = namespace;
    this.opts = { dialect: "telnyx-kv", url: `telnyx-kv://${client.id}` };
  }

  /** Read by keyv 6 when it adopts a store: declaring `expires` makes it pass absolute expiry times. */
  get capabilities(): KvKeyvCapability | undefined {
    if (this.#auto) this.#contract = "v6";
    if (this.#contract !== "v6") return undefined;
    const methods = Object.fromEntries(METHODS.map((name) => [name, { exists: true, methodType: "async" }]));
    return { compatible: true, store: "keyvStorage", methods, expires: true } as KvKeyvCapability;
  }

  /** The contract in use now. */
  get contract(): "v5" | "v6" {
    return this.#contract;
  }

  #scope(namespace = this.namespace): string {
    return namespace ? `${namespace}:` : "";
  }

  // keyv 5 prefixes keys with `namespace:` itself; keyv 6 leaves that to the store.
  #logical(key: string): string {
    return this.#contract === "v6" ? this.#scope() + key : key;
  }

  #setOptions(third: number | undefined): { ttlMs?: number; expiresAt?: number } {
    if (typeof third !== "number" || !Number.isFinite(third)) return {};
    return this.#contract === "v6" ? { expiresAt: third } : { ttlMs: third };
  }

  /** Reads a serialized value; `undefined` on a miss. */
  get(key: string): Promise<string | undefined> {
    return this.cache.getText(this.#logical(key));
  }

  /** Reads many serialized values in input order. */
  getMany(keys: string[]): Promise<Array<string | undefined>> {
    return this.cache.getManyText(keys.map((key) => this.#logical(key)));
  }

  /** Writes a serialized value; the third argument is a ttl in ms (keyv 5) or an absolute expiry (keyv 6). */
  async set(key: string, value: unknown, ttlOrExpires?: number): Promise<boolean> {
    await this.cache.set(this.#logical(key), textOnly(value), this.#setOptions(ttlOrExpires));
    return true;
  }

  /** Writes many values; an entry whose write failed is `false` (and emits `error`), never `true`. */
  async setMany(entries: KvKeyvEntry[]): Promise<boolean[]> {
    return Promise.all(
      entries.map(async (entry) => {
        try {
          return await this.set(entry.key, entry.value, this.#contract === "v6" ? entry.expires : entry.ttl);
        } catch (error) {
          this.emit("error", error);
          return false;
        }
      }),
    );
  }

  /** Whether a live value exists. */
  has(key: string): Promise<boolean> {
    return this.cache.has(this.#logical(key));
  }

  /** Whether each key has a live value. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    return (await this.getMany(keys)).map((value) => value !== undefined);
  }

  /** Deletes a key; `true` when a live value was there (which costs one read first). */
  async delete(key: string): Promise<boolean> {
    const logical = this.#logical(key);
    const existed = await this.cache.has(logical);
    await this.cache.delete(logical);
    return existed;
  }

  /** Deletes keys: keyv 6 gets one result per key, keyv 5 whether anything was deleted. */
  async deleteMany(keys: string[]): Promise<boolean | boolean[]> {
    const existed = await this.hasMany(keys);
    await this.cache.deleteMany(keys.map((key) => this.#logical(key)));
    return this.#contract === "v6" ? existed : existed.some(Boolean);
  }

  /** Deletes every key of the current namespace (every key of the cache without one). */
  clear(): Promise<void> {
    return this.cache.clear(this.#scope());
  }

  /** Live `[key, serialized value]` pairs: keyv 5 passes its namespace and expects prefixed keys, keyv 6 unprefixed ones. */
  async *iterator(namespace?: string): AsyncGenerator<[string, string], void> {
    const scope = this.#scope(namespace ?? this.namespace);
    const decoder = new TextDecoder();
    for await (const [logical, value] of this.cache.entries(scope)) {
      yield [this.#contract === "v6" ? logical.slice(scope.length) : logical, decoder.decode(value)];
    }
  }

  /** Nothing to release: the client owns its connections. */
  async disconnect(): Promise<void> {}

  /** Subscribes to `error` events (Keyv forwards them). */
  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  /** Emits an event to subscribers. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...args);
  }
}

/** Creates a Keyv store: `new Keyv({ store: createKeyvStore(kv.namespace(id)) })` with keyv 5 or 6. */
export function createKeyvStore(client: KvNamespaceClient, options?: KvKeyvStoreOptions): KvKeyvStore {
  return new KvKeyvStore(client, options);
}
