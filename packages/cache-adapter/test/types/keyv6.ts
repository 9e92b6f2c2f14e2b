// Compiled with "keyv" resolving to keyv 6 (tsconfig.types-keyv6.json): the v6 store against keyv 6's
// own published `KeyvStorageAdapter` (and its capability type); the @ts-expect-error lines prove the
// types are real, and that the keyv 5 store is not passed off as a keyv 6 one.
import type { KvNamespaceClient } from "@telnyx-kv/core";
import { Keyv, type KeyvStorageAdapter, type KeyvStorageCapability, type KeyvStoreAdapter } from "keyv";
import { createKeyv, createKeyvStore, type KvKeyv6Store } from "../../src/keyv/index.js";

declare const ns: KvNamespaceClient;

export const v6: KeyvStorageAdapter = createKeyvStore(ns, { contract: "v6" });
export const direct: KvKeyv6Store = createKeyvStore(ns, { contract: "v6" });
export const capability: KeyvStorageCapability = direct.capabilities;
export const installed: KeyvStoreAdapter = createKeyvStore(ns);
export const withKeyv = new Keyv({ store: createKeyvStore(ns), namespace: "users" });
export const ready: Keyv = createKeyv(ns, { keyv: { namespace: "users" } });
export const perKey: Promise<boolean[]> = direct.deleteMany(["a"]);

// @ts-expect-error keyv 5's store answers deleteMany with one boolean, which keyv 6 does not accept
export const v5AsV6: KeyvStorageAdapter = createKeyvStore(ns, { contract: "v5" });
