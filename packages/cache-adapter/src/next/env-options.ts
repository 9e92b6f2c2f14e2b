import type { KvNextCacheOptions } from "./options.js";

/**
 * The options object of the ready-made handlers (`/next` and `/next/use-cache` default exports): empty,
 * so everything comes from the environment. Shared, so both handlers of a process share one store.
 */
export const KV_NEXT_ENV_OPTIONS: KvNextCacheOptions = {};
