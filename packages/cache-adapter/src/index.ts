// The engine every host subpath builds on. Nothing here imports a host library, so the root works with
// none installed; each host has its own subpath (`/keyv`, `/cache-manager`, `/unstorage`, `/apollo`).
export {
  KV_CACHE_CHANNEL,
  type KvCacheEvent,
  type KvCacheEventChannel,
  type KvCacheEventName,
  type KvCacheStats,
  type KvCacheTier,
  type KvCacheTierStats,
} from "./cache-events.js";
export { decodeEnvelope, encodeEnvelope, type KvEnvelope } from "./envelope.js";
export {
  createKvCache,
  KvCache,
  type KvCacheEntry,
  type KvCacheGetJsonOptions,
  type KvCacheSetOptions,
  type KvCacheWrapOptions,
} from "./kv-cache.js";
export type { KvMemoryTierOptions } from "./memory-tier.js";
export { KV_MAX_PREFIX_LENGTH, type KvCacheOptions, type KvReadErrorMode } from "./options.js";
