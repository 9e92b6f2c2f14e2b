// Compiled with "keyv" resolving to keyv 5 (tsconfig.types-keyv5.json): each store against keyv 5's own
// published `KeyvStoreAdapter`. The @ts-expect-error lines prove the types are real, not `any`.
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { Keyv, type KeyvStoreAdapter } from "keyv";
import { createKeyv, createKeyvStore, type KvKeyv5Store } from "../../src/keyv/index.js";

declare const ns: KvNamespaceClient;

export const v5: KeyvStoreAdapter = createKeyvStore(ns, { contract: "v5" });
export const direct: KvKeyv5Store = createKeyvStore(ns, { contract: "v5" });
export const installed: KeyvStoreAdapter = createKeyvStore(ns);
export const withKeyv = new Keyv({ store: createKeyvStore(ns), namespace: "users" });
export const ready: Keyv = createKeyv(ns, { keyv: { namespace: "users", ttl: 1000 } });
export const deleted: Promise<boolean> = direct.deleteMany(["a"]);
// keyv 5 gives `iterator` a namespace and expects `[key, value]` pairs.
export const pairs: AsyncGenerator<[string, string], void> = direct.iterator("users");

// @ts-expect-error keyv 6's store answers deleteMany with one boolean per key, not keyv 5's one boolean
export const wrongDelete: Promise<boolean> = createKeyvStore(ns, { contract: "v6" }).deleteMany(["a"]);
// @ts-expect-error the contract is "auto", "v5" or "v6"
createKeyvStore(ns, { contract: "v7" });
