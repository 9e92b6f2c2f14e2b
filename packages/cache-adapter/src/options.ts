import type { KvMemoryTierOptions } from "./memory-tier.js";

/** How a read that fails (network, 5xx, auth) ends. */
export type KvReadErrorMode = "throw" | "miss";

/** Options of {@link createKvCache}; every field has a default. */
export interface KvCacheOptions {
  /** Put in front of every stored key, so several caches can share one namespace; `clear()` removes only these keys. @default "" */
  prefix?: string;
  /** Also send `ttl_secs` on writes that expire, so the server deletes them; a namespace without TTL support (409) falls back to the envelope alone, remembered per namespace. @default false */
  serverTtl?: boolean;
  /** Requests in flight at once in `getMany`, `deleteMany`, `clear` and iteration. @default 32 */
  concurrency?: number;
  /** What a failed read does: `"throw"` rejects; `"miss"` resolves as a miss and reports the error to `onError`. @default "throw" */
  readErrors?: KvReadErrorMode;
  /** An in-memory first tier (bounded LRU) with stale-while-revalidate; `false` for none. @default false */
  memory?: KvMemoryTierOptions | false;
  /** The clock expiry is checked against, in ms since the epoch (tests pass a fake one). @default Date.now */
  now?: () => number;
  /** Receives errors that are not thrown: reads counted as misses, failed background refreshes. @default undefined */
  onError?: (error: unknown) => void;
}

/** {@link KvCacheOptions} with defaults filled in. */
export interface KvResolvedCacheOptions {
  prefix: string;
  serverTtl: boolean;
  concurrency: number;
  readErrors: KvReadErrorMode;
  memory: KvMemoryTierOptions | false;
  now: () => number;
  onError: (error: unknown) => void;
}

/** Characters a key (so a prefix) may use (core's `KV_KEY_PATTERN`; a test keeps the two equal). */
export const KEY_PATTERN = /^[-/_=.a-zA-Z0-9]+$/;

/** Longest `prefix`, so a hashed key still has room for a readable head. */
export const KV_MAX_PREFIX_LENGTH = 128;

function prefixProblem(prefix: string): string | undefined {
  if (prefix === "") return undefined;
  if (prefix.length > KV_MAX_PREFIX_LENGTH) return `it is at most ${KV_MAX_PREFIX_LENGTH} characters`;
  if (!KEY_PATTERN.test(prefix)) return "it may contain only a-z, A-Z, 0-9 and - _ / = .";
  // A key may not start with "_" (reserved) and "." / ".." cannot be addressed, so no prefix may either.
  if (prefix.startsWith("_") || prefix.startsWith(".")) return 'it may not start with "_" or "."';
  return undefined;
}

/** Fills in defaults and rejects unusable options with a message that says how to fix them. */
export function resolveCacheOptions(options: KvCacheOptions): KvResolvedCacheOptions {
  const prefix = options.prefix ?? "";
  const problem = typeof prefix === "string" ? prefixProblem(prefix) : "it must be a string";
  if (problem) throw new TypeError(`Invalid cache prefix ${JSON.stringify(prefix)}: ${problem}.`);
  const concurrency = options.concurrency ?? 32;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`concurrency must be a whole number of at least 1 (got ${concurrency}).`);
  }
  return {
    prefix,
    serverTtl: options.serverTtl ?? false,
    concurrency,
    readErrors: options.readErrors ?? "throw",
    memory: options.memory ?? false,
    // Read the clock at call time, so fake timers installed later (timekeeper, vi.useFakeTimers) apply.
    now: options.now ?? (() => Date.now()),
    onError: options.onError ?? (() => {}),
  };
}
