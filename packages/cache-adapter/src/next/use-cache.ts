// The module next.config's `cacheHandlers` points at: its default export is the "use cache" handler,
// configured from TELNYX_API_KEY, TELNYX_BASE_URL and KV_NEXT_CACHE_ID on first use.
import { KV_NEXT_ENV_OPTIONS } from "./env-options.js";
import type { KvNextUseCacheHandler } from "./next-types.js";
import { createNextUseCacheHandler } from "./use-cache-handler.js";

export { createNextUseCacheHandler } from "./use-cache-handler.js";

/** next.config's `cacheHandlers.default` / `.remote`, configured from the environment. */
const kvNextUseCacheHandler: KvNextUseCacheHandler = createNextUseCacheHandler(KV_NEXT_ENV_OPTIONS);
export default kvNextUseCacheHandler;
