/// <reference types="node" />
// The shapes Next.js hands a cache handler, written structurally so this package needs no `next` types at
// run time. test/types/next16.ts and next15.ts check them against Next's own declarations.

/** Headers of a cached page or route response (Node's `OutgoingHttpHeaders`). */
export type KvNextHeaders = Record<string, string | number | string[] | undefined>;

/** A route's cache lifetime in seconds, as Next passes it to `set` (`ctx.cacheControl`). */
export interface KvNextCacheControl {
  revalidate: number | false;
  expire: number | undefined;
}

/** What Next stores through `cacheHandler`: a page, a route response, a fetch result, a redirect or an image. */
export type KvNextIncrementalValue =
  | {
      kind: "APP_PAGE";
      html: string;
      rscData: Buffer | undefined;
      headers: KvNextHeaders | undefined;
      postponed: string | undefined;
      status: number | undefined;
      segmentData: Map<string, Buffer> | undefined;
    }
  | {
      kind: "PAGES";
      html: string;
      pageData: object;
      headers: KvNextHeaders | undefined;
      status: number | undefined;
    }
  | { kind: "APP_ROUTE"; body: Buffer; status: number; headers: KvNextHeaders }
  | {
      kind: "FETCH";
      data: { headers: Record<string, string>; body: string; url: string; status?: number };
      tags?: string[];
      revalidate: number;
    }
  | { kind: "REDIRECT"; props: object }
  | {
      kind: "IMAGE";
      etag: string;
      upstreamEtag: string;
      buffer: Buffer;
      extension: string;
      revalidate?: number;
    };

/** The second argument of `cacheHandler.get`: the kind asked for and, for a fetch, its tags. */
export interface KvNextGetContext {
  kind: string;
  tags?: string[];
  softTags?: string[];
}

/** The third argument of `cacheHandler.set`: a fetch's tags, or a response's lifetime. */
export interface KvNextSetContext {
  fetchCache?: boolean;
  tags?: string[];
  cacheControl?: KvNextCacheControl;
}

/** What `cacheHandler.get` answers on a hit. */
export interface KvNextCacheHandlerValue {
  lastModified: number;
  value: KvNextIncrementalValue | null;
  cacheControl?: KvNextCacheControl;
}

/** What Next passes to the constructor of a `cacheHandler` class (the fields this package reads). */
export interface KvNextCacheHandlerContext {
  /** `<distDir>/server`; its parent holds BUILD_ID. */
  serverDistDir?: string;
}

/** A `"use cache"` entry (Next 16's `CacheEntry` of `cacheHandlers`). */
export interface KvNextUseCacheEntry {
  value: ReadableStream<Uint8Array>;
  tags: string[];
  /** Seconds, for the client router. */
  stale: number;
  /** When it was created, ms since the epoch. */
  timestamp: number;
  /** Seconds after `timestamp` it may be used at all. */
  expire: number;
  /** Seconds after `timestamp` it should be regenerated; `-1` forces a background refresh. */
  revalidate: number;
}

/** Next 16's `cacheHandlers` interface (`"use cache"`, `"use cache: remote"`). */
export interface KvNextUseCacheHandler {
  get(cacheKey: string, softTags: string[]): Promise<KvNextUseCacheEntry | undefined>;
  set(cacheKey: string, pendingEntry: Promise<KvNextUseCacheEntry>): Promise<void>;
  refreshTags(): Promise<void>;
  getExpiration(tags: string[]): Promise<number>;
  updateTags(tags: string[], durations?: { expire?: number }): Promise<void>;
}
