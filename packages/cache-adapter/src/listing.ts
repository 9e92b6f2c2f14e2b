import type { KvNamespaceClient } from "@telnyx-kv/core";
import type { KvEnvelope } from "./envelope.js";
import type { KvResolvedCacheOptions } from "./options.js";
import { mapWithLimit } from "./pool.js";
import type { KvReader } from "./reader.js";
import { fromStorageKey, isHashedKey, listPrefix, toStorageKey } from "./storage-key.js";

/** A listed Telnyx key resolved to its logical key (and, when it had to be read, its value). */
interface Resolved {
  logical: string;
  storageKey: string;
  envelope?: KvEnvelope;
}

/** Prefix listings of one cache: keys, entries and `clear`, all scoped to the cache's prefix. */
export class KvListing {
  readonly #client: KvNamespaceClient;
  readonly #options: KvResolvedCacheOptions;
  readonly #reader: KvReader;

  constructor(client: KvNamespaceClient, options: KvResolvedCacheOptions, reader: KvReader) {
    this.#client = client;
    this.#options = options;
    this.#reader = reader;
  }

  /** Pages of resolved keys under a logical prefix; values are read only where `withValues` asks. */
  async *#pages(keyPrefix: string, withValues: boolean): AsyncGenerator<Resolved[]> {
    const { prefix, concurrency } = this.#options;
    const { list, exact } = listPrefix(prefix, keyPrefix);
    for await (const page of this.#client.list({ prefix: list }).pages()) {
      const resolved = await mapWithLimit(page.keys, concurrency, ({ key }) =>
        this.#resolve(key, exact, withValues),
      );
      yield resolved.filter((row): row is Resolved => row !== undefined);
    }
  }

  async #resolve(storageKey: string, exact: string, withValue: boolean): Promise<Resolved | undefined> {
    const { prefix } = this.#options;
    if (!isHashedKey(prefix, storageKey)) {
      const logical = storageKey.startsWith(exact) ? fromStorageKey(prefix, storageKey) : undefined;
      // Keys this codec never writes (another tool's data under the same prefix) are skipped.
      if (logical === undefined) return undefined;
      if (!withValue) return { logical, storageKey };
      const envelope = await this.#reader.read({ key: storageKey, full: storageKey, hashed: false });
      return envelope && { logical, storageKey, envelope };
    }
    // A hashed key only names its logical key inside its envelope.
    const envelope = await this.#reader.load(storageKey);
    const full = envelope?.fullKey;
    if (!envelope || full === undefined || !full.startsWith(exact)) return undefined;
    const logical = fromStorageKey(prefix, full);
    if (logical === undefined || toStorageKey(prefix, logical).key !== storageKey) return undefined;
    if (withValue && this.#reader.expired(envelope)) return undefined;
    return { logical, storageKey, envelope };
  }

  /** Logical keys under `keyPrefix`. */
  async *keys(keyPrefix: string): AsyncGenerator<string> {
    for await (const page of this.#pages(keyPrefix, false)) for (const row of page) yield row.logical;
  }

  /** Live `[key, value]` pairs under `keyPrefix`. */
  async *entries(keyPrefix: string): AsyncGenerator<[string, Uint8Array]> {
    for await (const page of this.#pages(keyPrefix, true)) {
      for (const row of page) if (row.envelope) yield [row.logical, new Uint8Array(row.envelope.payload)];
    }
  }

  /** Deletes every key under `keyPrefix`, page by page, `concurrency` deletes at a time. */
  async clear(keyPrefix: string): Promise<void> {
    const { prefix, concurrency } = this.#options;
    this.#reader.forgetPrefix(listPrefix(prefix, keyPrefix).list);
    // Listing is seek-based (key > last), so deleting the page just read does not disturb the next one.
    for await (const page of this.#pages(keyPrefix, false)) {
      await mapWithLimit(page, concurrency, async ({ logical, storageKey }) => {
        this.#reader.invalidate(storageKey);
        await this.#client.delete(storageKey);
        this.#reader.meter.write("delete", logical);
      });
    }
  }
}
