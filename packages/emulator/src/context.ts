import type { KvStore } from "./store/types.js";

/** What the handlers need from the running emulator: the store, the clock and the lifecycle settings. */
export interface HandlerContext {
  store: KvStore;
  now: () => number;
  provisionDelayMs: number;
  deleteDelayMs: number;
  ttlSupport: boolean;
}
