import { decodeFrame, encodeFrame } from "./frame.js";
import type {
  KvNextCacheControl,
  KvNextCacheHandlerContext,
  KvNextCacheHandlerValue,
  KvNextGetContext,
  KvNextHeaders,
  KvNextIncrementalValue,
  KvNextSetContext,
} from "./next-types.js";
import type { KvNextCacheOptions } from "./options.js";
import { readBuildId } from "./options.js";
import { storeFor } from "./store.js";
import { tagState } from "./tags.js";

/** The header in which Next lists a page's or route's tags. */
const TAGS_HEADER = "x-next-cache-tags";

/** What is stored for one ISR / fetch entry. */
interface StoredEntry {
  lastModified: number;
  value: KvNextIncrementalValue | null;
  cacheControl?: KvNextCacheControl;
  tags: string[];
}

/** A `cacheHandler` class as Next instantiates it: `new Handler(ctx)`, then get / set / revalidateTag. */
export interface KvNextCacheHandlerClass {
  new (context: KvNextCacheHandlerContext): KvNextCacheHandler;
}

/** The instance Next calls (its `CacheHandler` shape). */
export interface KvNextCacheHandler {
  get(cacheKey: string, context: KvNextGetContext): Promise<KvNextCacheHandlerValue | null>;
  set(cacheKey: string, data: KvNextIncrementalValue | null, context: KvNextSetContext): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
  resetRequestCache(): void;
}

function tagsOf(value: KvNextIncrementalValue | null, context: KvNextSetContext): string[] {
  if (value?.kind === "FETCH") return context.tags ?? value.tags ?? [];
  const headers: KvNextHeaders | undefined =
    value && "headers" in value ? (value.headers as KvNextHeaders | undefined) : undefined;
  const header = headers?.[TAGS_HEADER];
  return typeof header === "string" && header !== "" ? header.split(",") : [];
}

/**
 * Makes the class for next.config's `cacheHandler` (ISR pages, route handlers, `fetch` cache; Next 15 and
 * 16). An entry whose tags (or a fetch's soft tags) were invalidated after it was written is a miss, so
 * the request that finds it renders, on whichever instance it arrives.
 */
export function createNextCacheHandler(options: KvNextCacheOptions = {}): KvNextCacheHandlerClass {
  return class KvNextIncrementalCacheHandler implements KvNextCacheHandler {
    readonly #buildId: string;

    constructor(context: KvNextCacheHandlerContext = {}) {
      this.#buildId = options.buildId ?? readBuildId(context.serverDistDir);
    }

    #key(cacheKey: string): string {
      return `p/${this.#buildId}/${cacheKey}`;
    }

    async get(cacheKey: string, context: KvNextGetContext): Promise<KvNextCacheHandlerValue | null> {
      const store = storeFor(options);
      const bytes = await store.get(this.#key(cacheKey));
      if (!bytes) return null;
      let entry: StoredEntry;
      try {
        entry = decodeFrame(bytes) as StoredEntry;
      } catch {
        return null;
      }
      const tags = [
        ...entry.tags,
        ...(context.kind === "FETCH" ? [...(context.tags ?? []), ...(context.softTags ?? [])] : []),
      ];
      if (tags.length > 0) {
        const records = await store.tags?.read(tags);
        // Unreadable tags: better a render than a page that was invalidated.
        if (!records) return null;
        // Stale counts as expired here: Next's handler API has no way to say "serve once, then refresh".
        if (tagState(records, entry.lastModified, Date.now()) !== "fresh") return null;
      }
      return {
        lastModified: entry.lastModified,
        value: entry.value,
        ...(entry.cacheControl ? { cacheControl: entry.cacheControl } : {}),
      };
    }

    async set(
      cacheKey: string,
      data: KvNextIncrementalValue | null,
      context: KvNextSetContext,
    ): Promise<void> {
      const store = storeFor(options);
      const lastModified = Date.now();
      const cacheControl = context.cacheControl;
      const entry: StoredEntry = { lastModified, value: data, tags: tagsOf(data, context) };
      if (cacheControl) entry.cacheControl = cacheControl;
      const expire = cacheControl?.expire;
      const expiresAt = typeof expire === "number" && expire > 0 ? lastModified + expire * 1000 : undefined;
      await store.set(this.#key(cacheKey), encodeFrame(entry), expiresAt);
    }

    async revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void> {
      await storeFor(options).tags?.invalidate(typeof tags === "string" ? [tags] : tags, durations);
    }

    resetRequestCache(): void {
      // Nothing per request: entries and tags are shared through the process's memory tier.
    }
  };
}
