import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The app the e2e tests build once and start twice: both servers share one Telnyx KV namespace. */
export default {
  // The two lines a user adds (see packages/cache-adapter/README.md):
  cacheHandler: require.resolve("@telnyx-kv/cache-adapter/next"),
  cacheHandlers: { remote: require.resolve("@telnyx-kv/cache-adapter/next/use-cache") },
  // Next's own per-process memory cache would hide the shared one.
  cacheMaxMemorySize: 0,
  // "use cache" next to classic ISR (`revalidate`), without turning the whole app into Cache Components.
  experimental: { useCache: true },
  poweredByHeader: false,
};
