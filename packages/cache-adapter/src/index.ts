export { createApolloCache, type KvApolloCache, type KvApolloSetOptions } from "./apollo.js";
export { decodeKey, encodeKey } from "./codec.js";
export { decodeEnvelope, encodeEnvelope, type KvEnvelope } from "./envelope.js";
export {
  createKeyvStore,
  type KvKeyvCapability,
  type KvKeyvContract,
  type KvKeyvEntry,
  KvKeyvStore,
  type KvKeyvStoreOptions,
} from "./keyv.js";
export {
  createKvCache,
  KvCache,
  type KvCacheEntry,
  type KvCacheSetOptions,
  type KvCacheWrapOptions,
} from "./kv-cache.js";
export type { KvMemoryTierOptions } from "./memory-tier.js";
export { KV_MAX_PREFIX_LENGTH, type KvCacheOptions, type KvReadErrorMode } from "./options.js";
export { serverTtlSupported } from "./server-ttl.js";
export { type KvStorageKey, toStorageKey } from "./storage-key.js";
export {
  createUnstorageDriver,
  type KvUnstorageCallOptions,
  type KvUnstorageDriver,
  type KvUnstorageMeta,
  type KvUnstorageOptions,
} from "./unstorage.js";
