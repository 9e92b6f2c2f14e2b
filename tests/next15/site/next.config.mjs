import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The ISR half of tests/next's app on Next 15: the `cacheHandler` line, no "use cache". */
export default {
  cacheHandler: require.resolve("@telnyx-kv/cache-adapter/next"),
  cacheMaxMemorySize: 0,
  poweredByHeader: false,
};
