// Apollo's own `KeyValueCache` and its wrappers, from whichever major "@apollo/utils.keyvaluecache"
// resolves to (4 by default, 3 under tsconfig.types-apollo3.json).
import {
  ErrorsAreMissesCache,
  type KeyValueCache,
  PrefixingKeyValueCache,
} from "@apollo/utils.keyvaluecache";
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { createApolloCache } from "../../src/apollo.js";

declare const ns: KvNamespaceClient;

export const cache: KeyValueCache<string> = createApolloCache(ns, { readErrors: "miss" });
export const wrapped: KeyValueCache<string> = new ErrorsAreMissesCache(
  new PrefixingKeyValueCache(createApolloCache(ns), "apq:"),
);
export const set: Promise<void> = cache.set("k", "v", { ttl: 60 });
// @ts-expect-error values are strings
cache.set("k", 42);
