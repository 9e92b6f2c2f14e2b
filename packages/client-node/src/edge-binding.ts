import type { KvNamespaceClient } from "@telnyx-kv/core";

/** Options of a binding's `get`, as in `@telnyx/edge-runtime`. */
export interface KvBindingGetOptions {
  /** How to decode the value. @default "text" */
  type?: "text" | "json";
}

/** Options of a binding's `put`, as in `@telnyx/edge-runtime`. */
export interface KvBindingPutOptions {
  /** Seconds until the key expires (sent as `ttl_secs`). @default no expiry */
  expirationTtl?: number;
  /** Accepted for compatibility and ignored: Telnyx KV stores no metadata. */
  metadata?: unknown;
}

/** Options of a binding's `list`, as in `@telnyx/edge-runtime`. */
export interface KvBindingListOptions {
  /** Only keys starting with this. @default "" */
  prefix?: string;
  /** Resume after the page that returned this cursor. */
  cursor?: string;
  /** Keys in this page, 1..1000. @default 1000 */
  limit?: number;
}

/** One page of a binding's `list`. */
export interface KvBindingListResult {
  keys: Array<{ name: string; sizeBytes: number; updatedAt: string }>;
  /** True on the last page. */
  list_complete: boolean;
  /** Pass to the next `list` call; absent on the last page. */
  cursor?: string;
}

/** A KV binding with exactly the `@telnyx/edge-runtime` interface, so `env.MY_KV` code runs anywhere. */
export interface KvBinding {
  /** Reads a value as text; `null` when missing. */
  get(key: string, options?: { type?: "text" }): Promise<string | null>;
  /** Reads a value as parsed JSON; `null` when missing. */
  get<T = unknown>(key: string, options: { type: "json" }): Promise<T | null>;
  /** Writes a string value. */
  put(key: string, value: string, options?: KvBindingPutOptions): Promise<void>;
  /** Deletes a key (succeeds when it does not exist). */
  delete(key: string): Promise<void>;
  /** Lists one page of keys. */
  list(options?: KvBindingListOptions): Promise<KvBindingListResult>;
}

/** Adapts a namespace client to the edge-runtime binding interface (errors are core's typed errors). */
export function createKvBinding(keys: KvNamespaceClient): KvBinding {
  return {
    async get<T>(key: string, options: KvBindingGetOptions = {}): Promise<T | string | null> {
      return options.type === "json" ? keys.getJson<T>(key) : keys.getText(key);
    },
    async put(key, value, options = {}) {
      if (typeof value !== "string") {
        throw new TypeError(`KV binding put(${JSON.stringify(key)}): the value must be a string.`);
      }
      await keys.put(
        key,
        value,
        options.expirationTtl === undefined ? {} : { ttlSeconds: options.expirationTtl },
      );
    },
    delete: (key) => keys.delete(key),
    async list(options = {}) {
      const page = await keys.list(options).page();
      const result: KvBindingListResult = {
        keys: page.keys.map((info) => ({
          name: info.key,
          sizeBytes: info.sizeBytes,
          updatedAt: info.updatedAt,
        })),
        list_complete: !page.hasMore,
      };
      if (page.hasMore && page.cursor !== undefined) result.cursor = page.cursor;
      return result;
    },
  } as KvBinding;
}
