/** The proxy that lets browser clients use KV through the server's key: public API. */
export { createKvProxy, type KvProxyHandler } from "./handler.js";
export { type KvNodeHandler, toNodeHandler } from "./node.js";
export type {
  KvProxyAuthorize,
  KvProxyBaseOptions,
  KvProxyGuardedOptions,
  KvProxyOptions,
  KvProxyPublicOptions,
} from "./options.js";
export type { KvProxyAllow, KvProxyMethod } from "./policy.js";
export type { KvProxyRateLimit } from "./rate-limit.js";
