import type { KvNamespaceClient } from "@telnyx-kv/core";
import type { CreateCacheOptions } from "cache-manager";
import { createKeyv, type KvCreateKeyvOptions } from "./keyv/create.js";

/** A store of cache-manager 7's `createCache({ stores })`: a Keyv instance, as cache-manager types it. */
export type KvCacheManagerStore = NonNullable<CreateCacheOptions["stores"]>[number];

/** Options of {@link createCacheManagerStore}: the Keyv store's, plus the Keyv instance's under `keyv`. */
export type KvCacheManagerStoreOptions = KvCreateKeyvOptions;

/**
 * Creates a cache-manager 7 store over Telnyx KV (a ready Keyv of the installed keyv):
 * `createCache({ stores: [createCacheManagerStore(kv.namespace(id))] })`.
 */
export function createCacheManagerStore(
  client: KvNamespaceClient,
  options?: KvCacheManagerStoreOptions,
): KvCacheManagerStore {
  return createKeyv(client, options);
}
