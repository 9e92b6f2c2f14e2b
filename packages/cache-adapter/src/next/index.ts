// Next.js on Telnyx KV (Node only: Next's server). The default export is the `cacheHandler` class
// configured from the environment; `/next/use-cache` is the `cacheHandlers` one.
import { KV_NEXT_ENV_OPTIONS } from "./env-options.js";
import { createNextCacheHandler } from "./incremental-handler.js";

export {
  createNextCacheHandler,
  type KvNextCacheHandler,
  type KvNextCacheHandlerClass,
} from "./incremental-handler.js";
export type {
  KvNextCacheControl,
  KvNextCacheHandlerContext,
  KvNextCacheHandlerValue,
  KvNextGetContext,
  KvNextHeaders,
  KvNextIncrementalValue,
  KvNextSetContext,
  KvNextUseCacheEntry,
  KvNextUseCacheHandler,
} from "./next-types.js";
export type { KvNextCacheOptions } from "./options.js";
export { KV_NEXT_MAX_ENTRY_BYTES } from "./store.js";
export { createNextUseCacheHandler } from "./use-cache-handler.js";

/** next.config's `cacheHandler`, configured from TELNYX_API_KEY, TELNYX_BASE_URL and KV_NEXT_CACHE_ID. */
const KvNextCacheHandlerFromEnv: ReturnType<typeof createNextCacheHandler> =
  createNextCacheHandler(KV_NEXT_ENV_OPTIONS);
export default KvNextCacheHandlerFromEnv;
