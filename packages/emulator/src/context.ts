import type { KvStore } from "./store/types.js";

/** What the handlers need from the running emulator: the store, the clock and the lifecycle settings. */
export interface HandlerContext {
  store: KvStore;
  now: () => number;
  provisionDelayMs: number;
  deleteDelayMs: number;
  ttlSupport: boolean;
}

/** What a request addressed: the raw (still percent-encoded) namespace id and key, `""` where the route has none, and the query string without `?`. */
export interface RequestTarget {
  rawId: string;
  rawKey: string;
  query: string;
}
