// Next 16's `cacheHandlers` type: both the factory's handler and the ready-made module's default export
// are assignable to it as they are.

import type { NextConfig } from "next";
import type { CacheHandler as NextUseCacheHandler } from "next/dist/server/lib/cache-handlers/types";
import { createNextUseCacheHandler } from "../../src/next/index.js";
import kvNextUseCacheHandler from "../../src/next/use-cache.js";

export const made: NextUseCacheHandler = createNextUseCacheHandler({ binding: "MY_CACHE" });
export const fromEnv: NextUseCacheHandler = kvNextUseCacheHandler;
// The two next.config lines of the README.
export const config: NextConfig = {
  cacheHandler: "/abs/node_modules/@telnyx-kv/cache-adapter/dist/next.cjs",
  cacheHandlers: { remote: "/abs/node_modules/@telnyx-kv/cache-adapter/dist/next/use-cache.cjs" },
};
