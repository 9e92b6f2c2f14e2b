import { KvConfigError, type KvNamespaceClient } from "@telnyx-kv/core";
import { KV_KEY_PATTERN } from "@telnyx-kv/core/protocol";
import { defaultCacheChannel, type KvCacheEventChannel } from "./cache-events.js";
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
  /**
   * Where hit/miss/stale/set/delete events go (a `node:diagnostics_channel` Channel or any `{ hasSubscribers,
   * publish }`); `false` for none. @default the `telnyx-kv:cache` diagnostics channel where the runtime has
   * `process.getBuiltinModule` (Node 20.16+, 22.3+, Bun, Deno), else none
   */
  channel?: KvCacheEventChannel | false;
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
  channel: KvCacheEventChannel | undefined;
}

/** Longest `prefix`, so a hashed key still has room for a readable head. */
export const KV_MAX_PREFIX_LENGTH = 128;

function prefixProblem(prefix: string): string | undefined {
  if (prefix === "") return undefined;
  if (prefix.length > KV_MAX_PREFIX_LENGTH) return `it is at most ${KV_MAX_PREFIX_LENGTH} characters`;
  if (!KV_KEY_PATTERN.test(prefix)) return "it may contain only a-z, A-Z, 0-9 and - _ / = .";
  // A key may not start with "_" (reserved) and "." / ".." cannot be addressed, so no prefix may either.
  if (prefix.startsWith("_") || prefix.startsWith(".")) return 'it may not start with "_" or "."';
  return undefined;
}

/** Throws the `KvConfigError` of a bad setting, saying what the option takes. */
export function badSetting(option: string, takes: string, got: unknown): never {
  const shown = typeof got === "function" ? "a function" : (JSON.stringify(got) ?? String(got));
  throw new KvConfigError(`${option} must be ${takes} (got ${shown}).`, { option });
}

/** Checks that the client is a namespace client; its value is never shown (a client may hold a key). */
export function checkClient(client: unknown): asserts client is KvNamespaceClient {
  const methods = ["getBytes", "put", "delete", "list"] as const;
  const fields = client as Partial<Record<(typeof methods)[number], unknown>> | null | undefined;
  if (
    typeof fields === "object" &&
    fields !== null &&
    methods.every((name) => typeof fields[name] === "function")
  ) {
    return;
  }
  throw new KvConfigError(
    "The cache needs a namespace client: pass kv.namespace(id) of @telnyx-kv/client-node, client-browser or core.",
    { option: "client" },
  );
}

const isCount = (value: unknown, least: number) => Number.isInteger(value) && (value as number) >= least;
const isDuration = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value >= 0;

/** Checks the memory tier's options (lru-cache would throw a TypeError of its own for some of them). */
function checkMemory(memory: KvMemoryTierOptions | false): void {
  if (memory === false) return;
  if (typeof memory !== "object" || memory === null)
    badSetting("memory", "false or an options object", memory);
  const { max, ttlMs, staleWhileRevalidateMs, misses } = memory;
  if (misses !== undefined && typeof misses !== "boolean")
    badSetting("memory.misses", "true or false", misses);
  if (max !== undefined && !isCount(max, 1)) badSetting("memory.max", "a whole number of at least 1", max);
  if (ttlMs !== undefined && !isDuration(ttlMs))
    badSetting("memory.ttlMs", "a number of ms, 0 or more", ttlMs);
  if (staleWhileRevalidateMs !== undefined && !isDuration(staleWhileRevalidateMs)) {
    badSetting("memory.staleWhileRevalidateMs", "a number of ms, 0 or more", staleWhileRevalidateMs);
  }
}

/** Fills in defaults and rejects unusable options with a message that says how to fix them. */
export function resolveCacheOptions(options: KvCacheOptions): KvResolvedCacheOptions {
  const prefix = options.prefix ?? "";
  const problem = typeof prefix === "string" ? prefixProblem(prefix) : "it must be a string";
  if (problem) {
    throw new KvConfigError(`Invalid cache prefix ${JSON.stringify(prefix)}: ${problem}.`, {
      option: "prefix",
    });
  }
  const { serverTtl = false, concurrency = 32, readErrors = "throw", memory = false, now, onError } = options;
  if (typeof serverTtl !== "boolean") badSetting("serverTtl", "true or false", serverTtl);
  if (!isCount(concurrency, 1)) badSetting("concurrency", "a whole number of at least 1", concurrency);
  if (readErrors !== "throw" && readErrors !== "miss")
    badSetting("readErrors", '"throw" or "miss"', readErrors);
  checkMemory(memory);
  if (now !== undefined && typeof now !== "function") badSetting("now", "a function returning ms", now);
  if (onError !== undefined && typeof onError !== "function") badSetting("onError", "a function", onError);
  const { channel } = options;
  if (channel !== undefined && channel !== false && typeof channel?.publish !== "function")
    badSetting("channel", "false or an object with hasSubscribers and publish()", channel);
  return {
    prefix,
    serverTtl,
    concurrency,
    readErrors,
    memory,
    // Read the clock at call time, so fake timers installed later (timekeeper, vi.useFakeTimers) apply.
    now: now ?? (() => Date.now()),
    onError: onError ?? (() => {}),
    channel: channel === false ? undefined : (channel ?? defaultCacheChannel()),
  };
}
