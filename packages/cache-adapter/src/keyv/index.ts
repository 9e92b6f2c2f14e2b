export {
  createKeyv,
  createKeyvStore,
  enableKeyv5Iteration,
  installedKeyvContract,
  type KvCreateKeyvOptions,
  type KvKeyvStore,
} from "./create.js";
export type { KvKeyvContract, KvKeyvStoreOptions } from "./store-base.js";
export { KV_ABSOLUTE_TTL_FROM_MS, KvKeyv5Store } from "./store-v5.js";
export { type KvKeyv6Entry, KvKeyv6Store, type KvKeyvCapability, type KvKeyvMethod } from "./store-v6.js";
