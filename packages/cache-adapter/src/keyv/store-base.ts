import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import { KvCache, type KvCacheSetOptions } from "../kv-cache.js";
import { badSetting, type KvCacheOptions } from "../options.js";
import { KvEvents } from "./events.js";

/**
 * Which Keyv storage contract a store follows: `"v5"` (relative `ttl`, Keyv prefixes keys), `"v6"`
 * (absolute `expires`, the store prefixes keys), or `"auto"`: the major of the `keyv` package this module
 * resolves (your app's, as keyv is a peer dependency).
 */
export type KvKeyvContract = "auto" | "v5" | "v6";

/** Options of `createKeyvStore`. */
export interface KvKeyvStoreOptions extends KvCacheOptions {
  /** The Keyv contract, fixed when the store is made. @default "auto" (the installed keyv's major) */
  contract?: KvKeyvContract;
  /** Namespace used until a Keyv instance sets its own (keyv 6 adopts it when it has none). @default undefined */
  namespace?: string;
}

const CONTRACTS: readonly string[] = ["auto", "v5", "v6"];

/** Checks the `contract` option. */
export function checkContract(contract: unknown): asserts contract is KvKeyvContract {
  if (CONTRACTS.includes(contract as string)) return;
  throw new KvConfigError(
    `contract must be "auto", "v5" or "v6" (got ${JSON.stringify(contract)}): leave it out to follow the installed keyv.`,
    { option: "contract" },
  );
}

const asText = (value: unknown): string => {
  if (typeof value === "string") return value;
  throw new KvConfigError(
    "The Telnyx KV Keyv store keeps strings: leave Keyv's serialization on (its default) so values arrive serialized.",
    { option: "serialize" },
  );
};

/** What keyv 5 and keyv 6 stores share: the cache, reads, `has`, `clear` and the event surface. */
export abstract class KvKeyvStoreBase extends KvEvents {
  /** The cache it stores through. */
  readonly cache: KvCache;
  /** Free-form options bag keyv 5 reads and writes (`dialect` keeps keyv 5 from assuming SQL iteration). */
  opts: Record<string, unknown>;
  /** Set by Keyv: the namespace of the Keyv instance using this store. */
  namespace: string | undefined;
  /** The contract this store follows, fixed when it was made. */
  abstract readonly contract: "v5" | "v6";

  constructor(client: KvNamespaceClient, options: Omit<KvKeyvStoreOptions, "contract"> = {}) {
    super();
    const { namespace, ...cacheOptions } = options;
    if (namespace !== undefined && typeof namespace !== "string")
      badSetting("namespace", "a string", namespace);
    this.cache = new KvCache(client, cacheOptions);
    this.namespace = namespace;
    this.opts = { dialect: "telnyx-kv", url: `telnyx-kv://${client.id}` };
  }

  /** `namespace:` of a namespace, or nothing without one. */
  protected scope(namespace = this.namespace): string {
    return namespace ? `${namespace}:` : "";
  }

  /** The cache key of a key as Keyv passes it (keyv 5 has prefixed it already, keyv 6 has not). */
  protected abstract logical(key: string): string;

  /** Writes a serialized value with the expiry the contract read from the call. */
  protected async write(key: string, value: unknown, expiry: KvCacheSetOptions): Promise<boolean> {
    await this.cache.set(this.logical(key), asText(value), expiry);
    return true;
  }

  /** Writes entries one by one; an entry whose write failed is `false` (and emits `error`), never `true`. */
  protected writeEach<E extends { key: string; value: unknown }>(
    entries: E[],
    expiry: (entry: E) => KvCacheSetOptions,
  ): Promise<boolean[]> {
    return Promise.all(
      entries.map(async (entry) => {
        try {
          return await this.write(entry.key, entry.value, expiry(entry));
        } catch (error) {
          this.emit("error", error);
          return false;
        }
      }),
    );
  }

  /** Whether each key had a live value, then deletes them all. */
  protected async deleteEach(keys: string[]): Promise<boolean[]> {
    const existed = await this.hasMany(keys);
    await this.cache.deleteMany(keys.map((key) => this.logical(key)));
    return existed;
  }

  /** Live `[cache key, serialized value]` pairs of a namespace. */
  protected async *entriesOf(namespace: string | undefined): AsyncGenerator<[string, string], void> {
    const decoder = new TextDecoder();
    for await (const [logical, value] of this.cache.entries(this.scope(namespace))) {
      yield [logical, decoder.decode(value)];
    }
  }

  /** Reads a serialized value; `undefined` on a miss. */
  get(key: string): Promise<string | undefined> {
    return this.cache.getText(this.logical(key));
  }

  /** Reads many serialized values in input order. */
  getMany(keys: string[]): Promise<Array<string | undefined>> {
    return this.cache.getManyText(keys.map((key) => this.logical(key)));
  }

  /** Whether a live value exists. */
  has(key: string): Promise<boolean> {
    return this.cache.has(this.logical(key));
  }

  /** Whether each key has a live value. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    return (await this.getMany(keys)).map((value) => value !== undefined);
  }

  /** Deletes a key; `true` when a live value was there (which costs one read first). */
  async delete(key: string): Promise<boolean> {
    return (await this.deleteEach([key]))[0] ?? false;
  }

  /** Deletes every key of the current namespace (every key of the cache without one). */
  clear(): Promise<void> {
    return this.cache.clear(this.scope());
  }

  /** Nothing to release: the client owns its connections. */
  async disconnect(): Promise<void> {}
}
