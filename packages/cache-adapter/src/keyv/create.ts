import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import { Keyv, type KeyvOptions, type KeyvStoreAdapter } from "keyv";
import type { KvCache } from "../kv-cache.js";
import { checkContract, type KvKeyvStoreOptions } from "./store-base.js";
import { KvKeyv5Store } from "./store-v5.js";
import { KvKeyv6Store } from "./store-v6.js";

/** A Keyv store over Telnyx KV, typed as the installed keyv's own `KeyvStoreAdapter`. */
export type KvKeyvStore = KeyvStoreAdapter & {
  /** The cache it stores through. */
  readonly cache: KvCache;
  /** The contract it follows, fixed when it was made. */
  readonly contract: "v5" | "v6";
};

/** The contract of the `keyv` package this module resolves: keyv 6 has `Keyv#resolveStore`, keyv 5 does not. */
export function installedKeyvContract(keyv: { prototype: object } = Keyv): "v5" | "v6" {
  return typeof (keyv.prototype as Record<string, unknown>).resolveStore === "function" ? "v6" : "v5";
}

/** Creates a keyv 5 store (`contract: "v5"`). */
export function createKeyvStore(
  client: KvNamespaceClient,
  options: KvKeyvStoreOptions & { contract: "v5" },
): KvKeyv5Store;
/** Creates a keyv 6 store (`contract: "v6"`). */
export function createKeyvStore(
  client: KvNamespaceClient,
  options: KvKeyvStoreOptions & { contract: "v6" },
): KvKeyv6Store;
/** Creates a Keyv store for the installed keyv: `new Keyv({ store: createKeyvStore(kv.namespace(id)) })`. */
export function createKeyvStore(client: KvNamespaceClient, options?: KvKeyvStoreOptions): KvKeyvStore;
export function createKeyvStore(
  client: KvNamespaceClient,
  options: KvKeyvStoreOptions = {},
): KvKeyvStore | KvKeyv5Store | KvKeyv6Store {
  const { contract = "auto", ...storeOptions } = options;
  checkContract(contract);
  const resolved = contract === "auto" ? installedKeyvContract() : contract;
  // Each class is checked against its own major's published type by the type tests (test/types/);
  // whichever keyv is installed, the store made here is the one its contract needs.
  const store =
    resolved === "v6" ? new KvKeyv6Store(client, storeOptions) : new KvKeyv5Store(client, storeOptions);
  return store as unknown as KvKeyvStore;
}

/** Options of {@link createKeyv}. */
export interface KvCreateKeyvOptions extends KvKeyvStoreOptions {
  /** Options of the Keyv instance (`namespace`, `ttl`, ...), all but `store`. @default {} */
  keyv?: Omit<KeyvOptions, "store">;
}

/** The one keyv 5 step to iterate a store that is not one of its built-in SQL or Redis dialects. */
export function enableKeyv5Iteration(keyv: Keyv, store: KvKeyv5Store): void {
  const legacy = keyv as unknown as {
    iterator?: unknown;
    generateIterator(iterator: (namespace?: string) => AsyncGenerator<[string, string], void>): unknown;
  };
  legacy.iterator = legacy.generateIterator((namespace) => store.iterator(namespace));
}

/**
 * Creates a ready Keyv of the installed keyv over Telnyx KV, with `keyv.iterator()` working on keyv 5 as
 * on keyv 6: `const keyv = createKeyv(kv.namespace(id), { keyv: { namespace: "users" } })`.
 */
export function createKeyv(client: KvNamespaceClient, options: KvCreateKeyvOptions = {}): Keyv {
  const { keyv: keyvOptions = {}, contract = "auto", ...storeOptions } = options;
  checkContract(contract);
  const installed = installedKeyvContract();
  if (contract !== "auto" && contract !== installed) {
    throw new KvConfigError(
      `createKeyv builds a Keyv of the installed keyv (${installed}), which contract "${contract}" does not fit: leave contract out, or use createKeyvStore with your own Keyv.`,
      { option: "contract" },
    );
  }
  const store = createKeyvStore(client, { ...storeOptions, contract: installed });
  const keyv = new Keyv({ ...keyvOptions, store });
  if (store instanceof KvKeyv5Store) enableKeyv5Iteration(keyv, store);
  return keyv;
}
